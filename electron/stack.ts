import { EventEmitter } from 'node:events';
import type { StackStatus } from '../contract/desktop-bridge.ts';
import { commandsBeside, type StackCommands } from '../stack/child-commands.ts';
import { freeLoopbackPort } from '../stack/free-port.ts';
import { startLocalStack, type LocalStack } from '../stack/local-stack.ts';

/**
 * How the children run: as `ELECTRON_RUN_AS_NODE` children of the app's own binary, not as utility
 * processes. The reason is one supervisor for every way Meeshy runs: `stack/` (restart with backoff,
 * ordered stop, ready lines, parent-death link, data-folder lock) is plain Node, shared with the headless
 * `npm run serve` and tested for real without Electron; utilityProcess would need a second supervisor
 * that only an Electron binary can test. The price is that the RunAsNode fuse stays on (after-pack.cjs
 * says why that is acceptable). The compiled server and translator sit beside this file's folder in the
 * build (`dist/app/{electron,server,translator}`), so their commands are found from this module's URL.
 */
export function electronChildCommands(electronBinary: string): StackCommands {
  return commandsBeside(import.meta.url, { command: electronBinary, env: { ELECTRON_RUN_AS_NODE: '1' } });
}

export interface DesktopStackOptions {
  dataDir: string;
  commands: StackCommands;
  logFile: string;
  log: (service: 'server' | 'translator' | 'stack', line: string) => void;
}

interface DesktopStackEvents {
  status: [status: StackStatus];
}

/**
 * The local stack as the window sees it: one status (starting, ready, restarting, failed) that the start
 * screen shows, a retry after a failure, and a stop in order at quit. Free of Electron: it runs children
 * through `stack/` with the commands it is given.
 */
export class DesktopStack extends EventEmitter<DesktopStackEvents> {
  private current: StackStatus = { state: 'starting', step: 'translator', detail: 'Starting the translator' };
  private running: LocalStack | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: DesktopStackOptions) {
    super();
  }

  get status(): StackStatus {
    return this.current;
  }

  /** Starts the stack (once at a time); the outcome is in the status, never thrown. */
  start(): Promise<void> {
    this.starting ??= this.startOnce().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }

  private async startOnce(): Promise<void> {
    if (this.running !== undefined) return;
    this.setStatus({ state: 'starting', step: 'translator', detail: 'Starting the translator' });
    try {
      const stack = await startLocalStack(
        {
          port: await freeLoopbackPort(),
          host: '127.0.0.1',
          dataDir: this.options.dataDir,
          translatorPort: undefined,
          download: false,
          offline: false,
          logLevel: 'info',
        },
        {
          commands: this.options.commands,
          log: (source, line) => {
            this.options.log(source === 'server' || source === 'translator' ? source : 'stack', line);
            if (source === 'translator' && this.current.state === 'starting' && /ready at/.test(line)) {
              this.setStatus({ state: 'starting', step: 'server', detail: 'Starting the chat server' });
            }
          },
        },
      );
      this.running = stack;
      this.watch(stack);
      this.setStatus({ state: 'ready', url: stack.url });
    } catch (error) {
      this.setStatus({ state: 'failed', reason: messageOf(error), logFile: this.options.logFile });
    }
  }

  private watch(stack: LocalStack): void {
    for (const service of ['server', 'translator'] as const) {
      stack[service].on('restart', (attempt) => {
        this.setStatus({ state: 'restarting', service, attempt });
      });
      stack[service].on('ready', () => {
        if (this.running === stack) this.setStatus({ state: 'ready', url: stack.url });
      });
    }
    void stack.gaveUp.then((error) => {
      if (this.running !== stack) return;
      this.running = undefined;
      this.setStatus({ state: 'failed', reason: error.message, logFile: this.options.logFile });
    });
  }

  private setStatus(status: StackStatus): void {
    this.current = status;
    this.emit('status', status);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
