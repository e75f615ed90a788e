import fs from 'node:fs';
import { Session } from 'node:inspector';
import { createServer } from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { startBareServer } from './bare-server.ts';
import { startChatServer } from './chat-server.ts';
import {
  READY_PREFIX,
  type TargetCpu,
  type TargetRequest,
  type RunningTarget,
  type Shape,
  type TargetKind,
} from './target-kinds.ts';

/**
 * One benchmark target in its own process, so that the clients' work does not share its event loop:
 * `serve-target.ts <kind> <shape json> <data dir> <server root>`. Prints its address and the sockets'
 * handshakes on one line, then serves until killed.
 */
async function main(): Promise<void> {
  const [kind, shapeJson, dataDir, root] = process.argv.slice(2) as [TargetKind, string, string, string];
  const shape = JSON.parse(shapeJson) as Shape;
  let target: RunningTarget;
  if (kind === 'bare') target = await startBareServer(shape, null);
  else if (kind === 'bare-sqlite') target = await startBareServer(shape, dataDir);
  else if (kind === 'chat') target = await startChatServer(shape, dataDir, root, null);
  else target = await startChatServer(shape, dataDir, root, await refusingAddress());
  answerRequests();
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(target.ready)}\n`);
  // Stops as the server does on a signal (bench/chat.ts times it: a translator that is down must not slow it).
  process.once('SIGTERM', () => {
    target.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`bench target did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

/** Linux's /proc: the main thread's user and system time (fields 14 and 15 of its stat, in ticks of 10 ms). */
function mainThreadCpuMicros(): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The fields after the command's name (in parentheses, which may hold spaces), from field 3 on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
}

/**
 * `--profile`: a CPU profile of the measured run alone, started and stopped over IPC by bench/chat.ts (a
 * whole-process `--cpu-prof` would be mostly the setup: registering hundreds of users, connecting their sockets).
 * And the process's CPU time, read before and after the measured run: the CPU per acknowledged send.
 */
function answerRequests(): void {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => {
      session.post(method, (error, result) => {
        if (error) reject(error);
        else resolve(result);
      });
    });
  process.on('message', (request: TargetRequest) => {
    if ('cpu' in request) {
      const { user, system } = process.cpuUsage();
      process.send?.({
        cpuMicros: user + system,
        mainThreadCpuMicros: mainThreadCpuMicros(),
      } satisfies TargetCpu);
      return;
    }
    const done =
      request.profile === 'start'
        ? post('Profiler.enable').then(() => post('Profiler.start'))
        : post('Profiler.stop').then((result) => {
            fs.mkdirSync(path.dirname(request.file), { recursive: true });
            fs.writeFileSync(request.file, JSON.stringify((result as { profile: unknown }).profile));
          });
    void done.then(() => process.send?.('done'));
  });
  // The IPC channel must not keep the process alive on its own.
  process.channel?.unref();
}

/** A loopback port that was free a moment ago and is closed now: connecting to it is refused. */
async function refusingAddress(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  return `127.0.0.1:${port}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench target failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
