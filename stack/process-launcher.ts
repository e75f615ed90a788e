import { spawn } from 'node:child_process';
import readline from 'node:readline';

/**
 * Every Meeshy program says it is ready with one line of its own, first on the line:
 * `Meeshy <service> ready at <address>`, optionally followed by a space and free text for people (the
 * server: `Meeshy server ready at http://127.0.0.1:3000 (data in …)`). The server and the translator may
 * not import this folder, so they print the line themselves; this is the one place that reads it.
 */
export function readyLine(service: string, address: string): string {
  return `Meeshy ${service} ready at ${address}`;
}

/** The address in `line` if it is `service`'s ready line. */
export function parseReadyLine(service: string, line: string): string | undefined {
  const prefix = readyLine(service, '');
  if (!line.startsWith(prefix)) return undefined;
  const address = line.slice(prefix.length).split(' ')[0];
  return address === undefined || address === '' ? undefined : address;
}

export interface LaunchOptions {
  /** The service's name: its ready line is `Meeshy <name> ready at <address>`; also names it in errors. */
  name: string;
  command: string;
  args: readonly string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** For a program that is not Meeshy's (or another moment): the line meaning ready; group 1 is kept. */
  readyPattern?: RegExp;
  /** Gives up (and kills the process) when no ready line came within this time. No limit when unset. */
  readyTimeoutMs?: number;
  /** Time the process gets to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
  /** Runs it in a process group of its own, so signals reach what it starts too (npm → node). */
  ownProcessGroup?: boolean;
  onLine?: (stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * Opens a Node IPC channel to the child (a Node program): it closes when this process dies, however it
   * dies, and the child (settings/parent-link.ts) then stops itself.
   */
  parentLink?: boolean;
}

/** How a process ended: its exit code or signal, or the reason it could not be started at all. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  startError?: Error;
}

export interface LaunchedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** What the ready line said (its address); rejects, with the last output, if the process ends or times out first. */
  readonly ready: Promise<string | undefined>;
  /** Settles once the process is gone and its output read to the end. */
  readonly exited: Promise<ProcessExit>;
  /** Its output so far (stdout and stderr interleaved by line; the last 1 MB). */
  output(): string;
  /** Sends a signal (to its whole group when it has one of its own). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after the stop timeout; resolves once it is gone. */
  stop(): Promise<ProcessExit>;
}

const KEPT_OUTPUT = 1_000_000;
const OUTPUT_IN_ERRORS = 8_000;

/** Starts a process, streams and keeps its output, and watches for its ready line. */
export function launchProcess(options: LaunchOptions): LaunchedProcess {
  const child = spawn(options.command, [...options.args], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: options.parentLink === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true,
  });
  let output = '';
  let startError: Error | undefined;
  const readyInfo = (text: string): { info: string | undefined } | undefined => {
    if (options.readyPattern === undefined) {
      const address = parseReadyLine(options.name, text);
      return address === undefined ? undefined : { info: address };
    }
    const match = options.readyPattern.exec(text);
    return match === null ? undefined : { info: match[1] };
  };
  const tail = () => output.slice(-OUTPUT_IN_ERRORS);
  let closed = false;
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || closed) return;
    try {
      // A group outlives its first process while what it started still runs (and holds the output open).
      if (options.ownProcessGroup === true) process.kill(-child.pid, signal);
      else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    } catch {
      // Gone between the check and the signal: nothing left to stop.
    }
  };
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => {
      startError = error;
    });
    // Nothing is ever sent on the link: it must not keep this process alive.
    if (options.parentLink === true) child.channel?.unref();
    // 'close' rather than 'exit': by then every line the process wrote has been read.
    child.once('close', (code, signal) => {
      closed = true;
      resolve(startError === undefined ? { code, signal } : { code: null, signal: null, startError });
    });
  });
  const ready = new Promise<string | undefined>((resolve, reject) => {
    const timer =
      options.readyTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            reject(
              new Error(`${options.name} was not ready within ${options.readyTimeoutMs} ms:\n${tail()}`),
            );
            kill('SIGKILL');
          }, options.readyTimeoutMs);
    const onLine = (stream: 'stdout' | 'stderr') => (text: string) => {
      output += `${text}\n`;
      if (output.length > 2 * KEPT_OUTPUT) output = output.slice(-KEPT_OUTPUT);
      options.onLine?.(stream, text);
      const seen = readyInfo(text);
      if (seen !== undefined) {
        clearTimeout(timer);
        resolve(seen.info);
      }
    };
    // Both are pipes (stdio above); the types cannot tell once the IPC channel makes stdio conditional.
    for (const [stream, input] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (input !== null) readline.createInterface({ input }).on('line', onLine(stream));
    }
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new Error(
          exit.startError
            ? `could not start ${options.command}: ${exit.startError.message}`
            : `${options.name} exited (${exit.signal ?? `code ${exit.code}`}) before it was ready:\n${tail()}`,
        ),
      );
    });
  });
  // Whoever awaits `ready` sees its failure; one that nobody awaits (a supervised restart) is no crash.
  ready.catch(() => undefined);
  return {
    name: options.name,
    pid: child.pid,
    ready,
    exited,
    output: () => output,
    kill,
    stop: async () => {
      kill('SIGTERM');
      const timer = setTimeout(() => {
        kill('SIGKILL');
      }, options.stopTimeoutMs ?? 10_000);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** Launches a process and waits for its ready line; a process that fails to get ready is stopped. */
export async function startProcess(
  options: LaunchOptions,
): Promise<LaunchedProcess & { readyInfo: string | undefined }> {
  const launched = launchProcess(options);
  try {
    return { ...launched, readyInfo: await launched.ready };
  } catch (error) {
    await launched.stop();
    throw error;
  }
}
