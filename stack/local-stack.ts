import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from './free-port.ts';
import type { StackSettings } from './stack-settings.ts';
import { SupervisedProcess } from './supervisor.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalStack {
  url: string;
  translatorAddress: string;
  server: SupervisedProcess;
  translator: SupervisedProcess;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry of this repository with the same Node, through tsx. */
function tsEntry(relative: string, args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', path.join(ROOT, relative), ...args] };
}

/**
 * Starts the translator and the chat server as two supervised processes sharing one data folder; the
 * server reaches the translator over gRPC on loopback. Used by `npm run serve` and, later, by Electron.
 */
export async function startLocalStack(
  settings: StackSettings,
  log: (source: string, line: string) => void,
): Promise<LocalStack> {
  const translatorPort = settings.translatorPort ?? (await freeLoopbackPort());
  const translatorAddress = `127.0.0.1:${translatorPort}`;
  // A fresh secret per launch, given only to the two processes: the translator refuses calls without it.
  const translatorEnv = { MEESHY_TRANSLATOR_TOKEN: randomBytes(32).toString('base64url') };
  const translator = new SupervisedProcess({
    name: 'translator',
    env: translatorEnv,
    ...tsEntry('translator/main.ts', [
      '--port',
      String(translatorPort),
      '--data-dir',
      settings.dataDir,
      ...(settings.download ? [] : ['--no-download']),
      ...(settings.offline ? ['--offline'] : []),
    ]),
  });
  const server = new SupervisedProcess({
    name: 'server',
    env: translatorEnv,
    ...tsEntry('server/main.ts', [
      '--port',
      String(settings.port),
      '--host',
      settings.host,
      '--data-dir',
      settings.dataDir,
      '--translator',
      translatorAddress,
      '--log-level',
      settings.logLevel,
    ]),
  });
  for (const [name, supervised] of [
    ['translator', translator],
    ['server', server],
  ] as const) {
    supervised.on('line', (_stream, text) => {
      log(name, text);
    });
    supervised.on('restart', (attempt, delayMs) => {
      log(name, `exited; restart ${attempt} in ${delayMs} ms`);
    });
    supervised.on('failed', (reason) => {
      log(name, `gave up: ${reason}`);
    });
  }
  translator.start();
  await translator.whenReady(60_000);
  server.start();
  const url = (await server.whenReady(60_000)) ?? '';
  return {
    url,
    translatorAddress,
    server,
    translator,
    // The server goes first, so that it finishes what it is doing while the translator is still there.
    stop: async () => {
      await server.stop();
      await translator.stop();
    },
  };
}
