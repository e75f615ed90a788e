import { randomBytes } from 'node:crypto';
import type { ChildCommand, StackCommands } from './child-commands.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { freeLoopbackPort } from './free-port.ts';
import { assertPortFree } from './port-check.ts';
import type { StackSettings } from './stack-settings.ts';
import { SupervisedProcess } from './supervisor.ts';

/** The translator alone: what the desktop app runs to translate on this device for a remote server. */
export interface LocalTranslatorStack {
  translatorAddress: string;
  /** This launch's secret, presented on every call to the translator. */
  translatorToken: string;
  translator: SupervisedProcess;
  /** Settles, with the reason, once a child failed for good and the stack has stopped the others. */
  readonly gaveUp: Promise<Error>;
  stop(): Promise<void>;
}

export interface LocalStack extends LocalTranslatorStack {
  url: string;
  server: SupervisedProcess;
}

export interface LocalStackOptions {
  /** How to run each child: tsx on the sources in development, the compiled files in a build or the app. */
  commands: StackCommands;
  log: (source: string, line: string) => void;
  /** Restarts allowed per child within a minute before the stack gives up (default 5). */
  maxRestarts?: number;
}

function supervise(
  name: string,
  command: ChildCommand,
  childArgs: string[],
  options: LocalStackOptions,
  lock: DataDirLock,
  env: NodeJS.ProcessEnv,
): SupervisedProcess {
  const supervised = new SupervisedProcess({
    name,
    command: command.command,
    args: [...command.args, ...childArgs],
    env: { ...command.env, ...env },
    // Each child stops itself when this process dies, however it dies.
    parentLink: true,
    ...(options.maxRestarts === undefined ? {} : { maxRestarts: options.maxRestarts }),
  });
  supervised.on('line', (_stream, text) => {
    options.log(name, text);
  });
  supervised.on('ready', () => {
    lock.recordChild(name, supervised.pid);
  });
  supervised.on('restart', (attempt, delayMs) => {
    options.log(name, `exited; restart ${attempt} in ${delayMs} ms`);
  });
  supervised.on('failed', (reason) => {
    options.log(name, `gave up: ${reason}`);
  });
  return supervised;
}

/**
 * Starts the translator and the chat server as two supervised processes sharing one data folder; the
 * server reaches the translator over gRPC on loopback. Used by `npm run serve` and by Electron, each
 * passing the commands that run the children. The data folder is locked for this stack; when a child
 * fails for good the other is stopped too, so nothing is left running.
 */
export async function startLocalStack(
  settings: StackSettings,
  options: LocalStackOptions,
): Promise<LocalStack> {
  await assertPortFree(settings.host, settings.port);
  const stack = await launch(settings, options, true);
  if (stack.server === undefined) throw new Error('the chat server was not started');
  return { ...stack, server: stack.server };
}

/**
 * Starts the translator alone, on the same data folder (its models) and under the same lock: in the desktop
 * app's remote mode the chat lives on another server, and messages are still translated on this device.
 */
export function startLocalTranslator(
  settings: StackSettings,
  options: LocalStackOptions,
): Promise<LocalTranslatorStack> {
  return launch(settings, options, false);
}

async function launch(
  settings: StackSettings,
  options: LocalStackOptions,
  withServer: boolean,
): Promise<LocalTranslatorStack & { url: string; server: SupervisedProcess | undefined }> {
  const lock = await DataDirLock.acquire(settings.dataDir, (line) => {
    options.log('stack', line);
  });
  const translatorPort = settings.translatorPort ?? (await freeLoopbackPort());
  const translatorAddress = `127.0.0.1:${translatorPort}`;
  // A fresh secret per launch, given only to the processes that call the translator.
  const translatorToken = randomBytes(32).toString('base64url');
  const callToken = { MEESHY_TRANSLATOR_TOKEN: translatorToken };
  const translator = supervise(
    'translator',
    options.commands.translator,
    [
      '--port',
      String(translatorPort),
      '--data-dir',
      settings.dataDir,
      ...(settings.download ? [] : ['--no-download']),
      ...(settings.offline ? ['--offline'] : []),
    ],
    options,
    lock,
    callToken,
  );
  const server = withServer
    ? supervise(
        'server',
        options.commands.server,
        [
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
        ],
        options,
        lock,
        callToken,
      )
    : undefined;
  let stopped: Promise<void> | undefined;
  // The server goes first, so that it finishes what it is doing (every acknowledged message is stored)
  // while the translator is still there.
  const stop = () =>
    (stopped ??= (async () => {
      await server?.stop();
      await translator.stop();
      lock.release();
    })());
  const gaveUp = new Promise<Error>((resolve) => {
    const onFailed = (name: string) => (reason: string) => {
      void stop().then(() => {
        resolve(new Error(`the ${name} ${reason}`));
      });
    };
    translator.once('failed', onFailed('translator'));
    server?.once('failed', onFailed('server'));
  });
  try {
    // Both start at once: the translator's port is chosen above, and the server waits for nothing from it
    // (translation jobs wait in the database until it answers), so a launch costs the slower of the two
    // processes' start rather than their sum.
    translator.start();
    server?.start();
    const [, url = ''] = await Promise.all([translator.whenReady(60_000), server?.whenReady(60_000)]);
    return { url, translatorAddress, translatorToken, server, translator, gaveUp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
