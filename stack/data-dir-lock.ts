import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processIsRunning } from '../platform/process-alive.ts';
import { tryProcessLock, type ProcessLock } from '../platform/process-lock.ts';

/** The file in the data folder naming the stack that uses it and its children. */
export const LOCK_FILE_NAME = 'meeshy-stack.lock';
/** Where the folder's guard is a file's SQLite lock (no socket name on this system: macOS, the other Unixes). */
export const GUARD_FILE_NAME = 'meeshy-stack.guard';

/** What holds the folder for this stack, dropped by the system with the process however it ends. */
function takeGuard(dataDir: string): ProcessLock | undefined {
  return tryProcessLock({ of: dataDir, purpose: 'data', fallbackFile: path.join(dataDir, GUARD_FILE_NAME) });
}

/** A process as the lock records it: its pid and a mark of its start, so a reused pid is not mistaken for it. */
export interface RecordedProcess {
  pid: number;
  startMarker: string | undefined;
}

interface LockContent {
  supervisor: RecordedProcess;
  children: Record<string, RecordedProcess>;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * When a process started: the kernel's start time on Linux, `ps`'s on macOS and BSD; undefined where
 * neither exists (Windows), and for a process that is gone.
 */
export function processStartMarker(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 22, counted after the command name, which may hold spaces and parentheses itself.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    if (process.platform === 'win32') return undefined;
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return started === '' ? undefined : started;
  } catch {
    return undefined;
  }
}

/** Still the recorded process: alive, and (where a marker could be read) started at the same moment. */
function stillRunning(recorded: RecordedProcess): boolean {
  if (!processIsRunning(recorded.pid)) return false;
  return recorded.startMarker === undefined || processStartMarker(recorded.pid) === recorded.startMarker;
}

function record(pid: number): RecordedProcess {
  return { pid, startMarker: processStartMarker(pid) };
}

function readLock(file: string): LockContent | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/** SIGTERM (the same clean stop as always), SIGKILL after `graceMs`; resolves once it is gone. */
async function endProcess(pid: number, graceMs: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processIsRunning(pid) && Date.now() < deadline) await sleep(100);
  if (processIsRunning(pid)) process.kill(pid, 'SIGKILL');
  while (processIsRunning(pid)) await sleep(50);
}

const inUse = (pid: number | undefined, dataDir: string) =>
  new DataDirInUseError(
    `another Meeshy${pid === undefined ? '' : ` (pid ${pid})`} is already running on the data folder ${dataDir}; ` +
      'stop it first, or choose another folder with --data-dir',
  );

/** Ends the children an earlier stack that died left running (refusing those whose start cannot be verified). */
async function endLeftChildren(
  earlier: LockContent,
  dataDir: string,
  file: string,
  log: (line: string) => void,
): Promise<void> {
  for (const [name, child] of Object.entries(earlier.children)) {
    if (!stillRunning(child)) continue;
    if (child.startMarker === undefined) {
      throw new DataDirInUseError(
        `the ${name} (pid ${child.pid}) of an earlier Meeshy may still run on the data folder ${dataDir}; ` +
          `end it, or delete ${file} if that pid is not Meeshy's`,
      );
    }
    log(`ending the ${name} (pid ${child.pid}) left running by an earlier start on ${dataDir}`);
    await endProcess(child.pid, 5000);
  }
}

/**
 * One stack per data folder. A stack still running there is refused with a clear message; children left
 * by an earlier stack that died (verified by their start marker) are ended; a child whose start cannot be
 * verified on this platform is refused rather than killed, since its pid may now belong to anything.
 */
export class DataDirLock {
  private constructor(
    private readonly file: string,
    private readonly content: LockContent,
    private readonly guard: ProcessLock,
  ) {}

  static async acquire(dataDir: string, log: (line: string) => void): Promise<DataDirLock> {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, LOCK_FILE_NAME);
    const earlier = readLock(file);
    const guard = takeGuard(dataDir);
    if (guard === undefined) throw inUse(readLock(file)?.supervisor.pid, dataDir);
    try {
      // Holding the guard, no other Meeshy of this version runs here; a live supervisor in the record is
      // an older Meeshy (before the guard) or a pid reused by something else: refused, not killed.
      if (earlier !== undefined && earlier.supervisor.pid !== process.pid && stillRunning(earlier.supervisor))
        throw inUse(earlier.supervisor.pid, dataDir);
      if (earlier !== undefined) await endLeftChildren(earlier, dataDir, file, log);
    } catch (error) {
      guard.release();
      throw error;
    }
    const lock = new DataDirLock(file, { supervisor: record(process.pid), children: {} }, guard);
    lock.write();
    return lock;
  }

  /** Records a child's current process (after each start), so a later launch can find it. */
  recordChild(name: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.content.children[name] = record(pid);
    this.write();
  }

  release(): void {
    if (!this.guard.held) return;
    if (readLock(this.file)?.supervisor.pid === process.pid) fs.rmSync(this.file, { force: true });
    this.guard.release();
  }

  private write(): void {
    // Written whole then renamed, so a reader never sees half a file; the owner's alone, like everything in the
    // data folder (it names the children's pids, and the server would otherwise warn and fix its mode).
    const temporary = `${this.file}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify(this.content, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }
}
