import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import readline from 'node:readline';

export interface SupervisedProcessOptions {
  /** Short name used in logs, e.g. "server" or "translator". */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A line on stdout matching this means the process is ready; its first group is kept as `readyInfo`. */
  readyPattern: RegExp;
  /** Restarts allowed within `restartWindowMs` before the supervisor gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Time a process gets to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
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
  private child: ChildProcess | undefined;
  private restartTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly options: SupervisedProcessOptions) {
    super();
  }

  get pid(): number | undefined {
    return this.child?.pid;
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
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.state = 'stopped';
      return;
    }
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
    this.state = 'stopped';
  }

  private spawnChild(): void {
    this.state = this.restartTimes.length === 0 ? 'starting' : 'restarting';
    this.readyInfo = undefined;
    const child = spawn(this.options.command, [...this.options.args], {
      env: { ...process.env, ...this.options.env },
      cwd: this.options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    readline.createInterface({ input: child.stdout }).on('line', (text) => {
      this.emit('line', 'stdout', text);
      if (this.state !== 'ready') {
        const match = this.options.readyPattern.exec(text);
        if (match) {
          this.state = 'ready';
          this.readyInfo = match[1];
          this.emit('ready', this.readyInfo);
        }
      }
    });
    readline.createInterface({ input: child.stderr }).on('line', (text) => {
      this.emit('line', 'stderr', text);
    });
    child.once('error', (error) => {
      this.fail(`could not start ${this.options.command}: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      this.emit('exit', code, signal);
      if (this.stopping || this.state === 'failed') return;
      // A clean exit is the process's own decision (say, it got the terminal's Ctrl+C too): not a crash.
      if (code === 0 && signal === null) {
        this.state = 'stopped';
        return;
      }
      this.scheduleRestart(code, signal);
    });
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
