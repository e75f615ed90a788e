import { EventEmitter } from 'node:events';
import { EXIT_NOT_RETRYABLE } from '../settings/parent-link.ts';
import {
  launchProcess,
  type LaunchedProcess,
  type LaunchOptions,
  type ProcessExit,
} from './process-launcher.ts';

export interface SupervisedProcessOptions extends Omit<LaunchOptions, 'onLine' | 'readyTimeoutMs'> {
  /** Restarts allowed within `restartWindowMs` before the supervisor gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export type ProcessState = 'starting' | 'ready' | 'restarting' | 'stopped' | 'failed';

export interface SupervisorEvents {
  line: [stream: 'stdout' | 'stderr', text: string];
  ready: [info: string | undefined];
  exit: [code: number | null, signal: NodeJS.Signals | null];
  restart: [attempt: number, delayMs: number];
  failed: [reason: string];
}

/**
 * Runs one child process and keeps it running: it is restarted with growing delays when it dies, until it
 * dies too often, and it is stopped gracefully (SIGTERM, then SIGKILL after a timeout). Plain Node, so that
 * the Electron shell and the headless `npm run serve` share it, and tests run it for real.
 */
export class SupervisedProcess extends EventEmitter<SupervisorEvents> {
  state: ProcessState = 'stopped';
  readyInfo: string | undefined;
  private launched: LaunchedProcess | undefined;
  private restartTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private lastError: string | undefined;

  constructor(private readonly options: SupervisedProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.launched?.pid;
  }

  start(): void {
    this.stopping = false;
    this.spawnChild();
  }

  /** Resolves once the process has printed its ready line; rejects if it fails for good first. */
  whenReady(timeoutMs: number): Promise<string | undefined> {
    if (this.state === 'ready') return Promise.resolve(this.readyInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.options.name} was not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = (info: string | undefined) => {
        cleanup();
        resolve(info);
      };
      const onFailed = (reason: string) => {
        cleanup();
        reject(new Error(`${this.options.name} failed: ${reason}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.off('failed', onFailed);
      };
      this.on('ready', onReady);
      this.on('failed', onFailed);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.launched?.stop();
    this.state = 'stopped';
  }

  private spawnChild(): void {
    this.state = this.restartTimes.length === 0 ? 'starting' : 'restarting';
    this.readyInfo = undefined;
    const launched = launchProcess({
      ...this.options,
      onLine: (stream, text) => {
        if (stream === 'stderr') this.lastError = text;
        this.emit('line', stream, text);
      },
    });
    this.launched = launched;
    void launched.ready.then(
      (info) => {
        if (this.launched !== launched || this.stopping) return;
        this.state = 'ready';
        this.readyInfo = info;
        this.emit('ready', info);
      },
      // An exit before the ready line is handled below, as every exit is.
      () => undefined,
    );
    void launched.exited.then((exit) => {
      this.onExit(exit);
    });
  }

  private onExit({ code, signal, startError }: ProcessExit): void {
    if (startError !== undefined) {
      this.fail(`could not start ${this.options.command}: ${startError.message}`);
      return;
    }
    this.emit('exit', code, signal);
    if (this.stopping || this.state === 'failed') return;
    // A clean exit is the process's own decision (say, it got the terminal's Ctrl+C too): not a crash.
    if (code === 0 && signal === null) {
      this.state = 'stopped';
      return;
    }
    // The child said a restart cannot help (its port is taken, say): its last words are the reason.
    if (code === EXIT_NOT_RETRYABLE) {
      this.fail(this.lastError ?? `exited with code ${code}, not retryable`);
      return;
    }
    this.scheduleRestart(code, signal);
  }

  private scheduleRestart(code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    this.restartTimes = [...this.restartTimes.filter((time) => now - time < windowMs), now];
    const attempt = this.restartTimes.length;
    if (attempt > (this.options.maxRestarts ?? 5)) {
      this.fail(`exited ${attempt} times within ${windowMs / 1000} s (last: ${signal ?? `code ${code}`})`);
      return;
    }
    const delayMs = Math.min(10_000, 250 * 2 ** (attempt - 1));
    this.state = 'restarting';
    this.emit('restart', attempt, delayMs);
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawnChild();
    }, delayMs);
  }

  private fail(reason: string): void {
    this.state = 'failed';
    this.emit('failed', reason);
  }
}
