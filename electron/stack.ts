import { EventEmitter } from 'node:events';
import type {
  DeviceModelResult,
  DeviceTranslationRequest,
  DeviceTranslationResult,
  StackStatus,
} from '../contract/desktop-bridge.ts';
import type { ModelInfo } from '../contract/translations.ts';
import { commandsBeside, type StackCommands } from '../stack/child-commands.ts';
import { freeLoopbackPort } from '../stack/free-port.ts';
import { DeviceTranslator } from '../stack/device-translation.ts';
import {
  startLocalStack,
  startLocalTranslator,
  type LocalStackOptions,
  type LocalTranslatorStack,
} from '../stack/local-stack.ts';
import type { DockerModeStep } from '../stack/docker-mode.ts';
import type { LocalStack } from '../stack/local-stack.ts';
import type { SupervisedProcess } from '../stack/supervisor.ts';
import type { StackSettings } from '../stack/stack-settings.ts';

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
  /**
   * Starts the Docker mode's stack (the containers, then the server and translator on them), reporting its
   * steps: stack/docker-mode-controller.ts's `startMode`. Without it the docker kind fails with that reason.
   */
  startDocker?: (
    settings: StackSettings,
    options: LocalStackOptions,
    onStep: (step: DockerModeStep) => void,
  ) => Promise<LocalStack>;
}

/**
 * What runs on this device: the whole stack in local mode; the translator alone in remote mode, so that
 * messages from a server that does not translate for this reader are still translated here; in Docker mode
 * the whole stack too, its server on the Postgres and Redis containers.
 */
export type DesktopStackKind = 'full' | 'translator' | 'docker';

/** What runs: the server and its URL only in the full kind (the URL is empty when only the translator runs). */
type RunningStack = LocalTranslatorStack & { server?: SupervisedProcess; url?: string };

interface DesktopStackEvents {
  status: [status: StackStatus];
}

/**
 * The local stack as the window sees it: one status (starting, ready, restarting, failed, stopped) that the start
 * screen shows, a retry after a failure, and a stop in order at quit. Free of Electron: it runs children
 * through `stack/` with the commands it is given.
 */
export class DesktopStack extends EventEmitter<DesktopStackEvents> {
  private current: StackStatus = { state: 'starting', step: 'translator', detail: 'Starting the translator' };
  private running: RunningStack | undefined;
  private runningKind: DesktopStackKind | undefined;
  private device: DeviceTranslator | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: DesktopStackOptions) {
    super();
  }

  get status(): StackStatus {
    return this.current;
  }

  /**
   * Starts the stack of that kind (once at a time), first stopping one of the other kind; the outcome is
   * in the status, never thrown.
   */
  start(kind: DesktopStackKind = 'full'): Promise<void> {
    this.starting ??= (async () => {
      if (this.running !== undefined && this.runningKind !== kind) await this.stopRunning();
      await this.startOnce(kind);
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Stops what runs, in order; the status then says so (`stopped`) until the next start. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const wasRunning = this.running !== undefined;
    await this.stopRunning();
    if (wasRunning) this.setStatus({ state: 'stopped' });
  }

  /** Translates on this device, with the translator this stack runs (in either kind). */
  translate(request: DeviceTranslationRequest): Promise<DeviceTranslationResult> {
    if (this.device === undefined)
      return Promise.resolve({ ok: false, error: 'no translator runs on this device', reason: 'failed' });
    return this.device.translate(request);
  }

  /** The default model of this device's translator; null while none runs. */
  deviceModel(): Promise<ModelInfo | null> {
    return this.device === undefined ? Promise.resolve(null) : this.device.defaultModel();
  }

  /** Downloads this device's default model, once its license is accepted where it asks to be. */
  downloadDeviceModel(acceptLicense: boolean): Promise<DeviceModelResult> {
    if (this.device === undefined)
      return Promise.resolve({ ok: false, error: 'no translator runs on this device' });
    return this.device.downloadDefaultModel(acceptLicense);
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.runningKind = undefined;
    this.device?.close();
    this.device = undefined;
    await running?.stop();
  }

  private async startOnce(kind: DesktopStackKind): Promise<void> {
    if (this.running !== undefined) return;
    this.setStatus(
      kind === 'docker'
        ? { state: 'starting', step: 'engine', detail: 'Checking the Docker engine' }
        : { state: 'starting', step: 'translator', detail: 'Starting the translator' },
    );
    try {
      const settings: StackSettings = {
        port: await freeLoopbackPort(),
        host: '127.0.0.1',
        dataDir: this.options.dataDir,
        translatorPort: undefined,
        // Never without the user: locally the first-run screen downloads the model with its license shown,
        // and for a remote server the page offers it the first time a translation needs it.
        download: false,
        offline: false,
        logLevel: 'info',
      };
      const options: LocalStackOptions = {
        commands: this.options.commands,
        log: (source, line) => {
          this.options.log(source === 'server' || source === 'translator' ? source : 'stack', line);
          if (source === 'translator' && this.current.state === 'starting' && /ready at/.test(line)) {
            this.setStatus({ state: 'starting', step: 'server', detail: 'Starting the chat server' });
          }
        },
      };
      const stack: RunningStack =
        kind === 'full'
          ? await startLocalStack(settings, options)
          : kind === 'docker'
            ? await this.startDocker(settings, options)
            : await startLocalTranslator(settings, options);
      this.running = stack;
      this.runningKind = kind;
      this.device = new DeviceTranslator(stack.translatorAddress, stack.translatorToken);
      this.watch(stack);
      this.setStatus({ state: 'ready', url: stack.url ?? '' });
    } catch (error) {
      this.setStatus({ state: 'failed', reason: messageOf(error), logFile: this.options.logFile });
    }
  }

  private startDocker(settings: StackSettings, options: LocalStackOptions): Promise<LocalStack> {
    const start = this.options.startDocker;
    if (start === undefined) throw new Error('the Docker mode is not available in this app');
    return start(settings, options, (step) => {
      // The containers' steps, then the local translator and server (whose own lines say when each is up).
      this.setStatus({
        state: 'starting',
        step: step.step === 'server' ? 'translator' : step.step,
        detail: step.detail,
      });
    });
  }

  private watch(stack: RunningStack): void {
    const children = [
      ...(stack.server === undefined ? [] : [{ service: 'server' as const, child: stack.server }]),
      { service: 'translator' as const, child: stack.translator },
    ];
    for (const { service, child } of children) {
      child.on('restart', (attempt) => {
        this.setStatus({ state: 'restarting', service, attempt });
      });
      child.on('ready', () => {
        if (this.running === stack) this.setStatus({ state: 'ready', url: stack.url ?? '' });
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
