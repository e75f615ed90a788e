import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type LaunchedProcess } from '../stack/process-launcher.ts';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server', 'main.ts');

export type ServerProcess = LaunchedProcess & { url: string };

/** Starts `server/main.ts` as `npm run serve:server` does, on a free loopback port, and waits for its URL. */
export async function startServerProcess(
  dataDir: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const server = await startProcess({
    name: 'server',
    command: process.execPath,
    args: ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir, ...args],
    env: {
      MEESHY_LOG_LEVEL: 'warn',
      MEESHY_SCRYPT_LOG_N: '10',
      MEESHY_SENDS_PER_WINDOW: '100000',
      ...env,
    },
    readyTimeoutMs: 45_000,
  });
  return { ...server, url: server.readyInfo ?? '' };
}
