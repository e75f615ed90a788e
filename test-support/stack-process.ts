import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProcess } from '../stack/process-launcher.ts';

export interface RunningStack {
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * Starts the real headless stack (`npm run serve` in `root`, with --download so the translator fetches its
 * model) on `port` with a throw-away data folder, and resolves once it prints its URL.
 */
export async function startStack(
  root: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<RunningStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'meeshy-e2e-'));
  const removeDataDir = () => {
    rmSync(dataDir, { recursive: true, force: true });
  };
  const args = ['--port', String(port), '--data-dir', dataDir, '--download', '--log-level', 'warn'];
  try {
    const stack = await startProcess({
      name: 'stack',
      command: 'npm',
      args: ['run', '--silent', 'serve', '--', ...args],
      cwd: root,
      env: extraEnv,
      // Its own process group, so stopping it also stops the processes npm and the stack start.
      ownProcessGroup: true,
      readyTimeoutMs: 120_000,
    });
    return {
      url: stack.readyInfo ?? '',
      dataDir,
      stop: async () => {
        await stack.stop();
        removeDataDir();
      },
    };
  } catch (error) {
    removeDataDir();
    throw error;
  }
}
