import { freeLoopbackPort } from '../stack/free-port.ts';
import { startProcess, type LaunchedProcess } from '../stack/process-launcher.ts';
import { describeWithProgram } from './needs-program.ts';

/** A suite that needs `redis-server`: NOT RUN with the install line when it is missing (fails under CI). */
export const describeWithRedis = describeWithProgram('redis-server', 'sudo apt-get install redis-server');

/** A throwaway Redis: nothing written to disk, gone when stopped. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops it (an outage, for tests); `start()` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts `redis-server` on a free loopback port, without persistence (`--save '' --appendonly no`). */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freeLoopbackPort();
  let running: LaunchedProcess | undefined;
  const launch = async () => {
    running = await startProcess({
      name: 'redis-server',
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      readyPattern: /Ready to accept connections/,
      readyTimeoutMs: 20_000,
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    start: launch,
  };
}
