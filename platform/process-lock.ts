import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';

/** A lock held by this process; the system drops it when the process dies, however it dies. */
export interface ProcessLock {
  readonly held: boolean;
  release(): void;
}

/** What a lock is about. */
export interface LockPlace {
  /** An existing file or folder; its identity (device, inode) names the lock, so every spelling meets it. */
  of: string;
  /** What is locked there ('data', 'server', 'migrate'): locks on one place for other purposes stay apart. */
  purpose: string;
  /** Where no socket name can stand for the lock (macOS, the other Unixes): the file whose SQLite lock does. */
  fallbackFile: string;
}

/**
 * How the lock is held. `socket` (Windows): listening on a named pipe named after the place; binding is
 * atomic in the kernel (a second listener is refused), and the name is freed with the process, with no file
 * to go stale. `file` (macOS, the other Unixes): an exclusive SQLite transaction on the fallback file, never
 * committed, whose fcntl lock the system drops with the process; under heavy contention on Linux it was seen
 * to let two launches both hold it, or none, which the socket cannot. `socket-and-file` (Linux): a Linux
 * abstract socket, then the file as well. The abstract socket settles contention, but its names are per
 * network namespace: two containers on their own networks sharing one volume, or a host process and a
 * container with the folder mounted, would each get one. The file lock spans namespaces; only socket
 * holders ever ask for it, so it is contended only across them.
 */
export type LockMechanism = 'socket' | 'file' | 'socket-and-file';

export const PLATFORM_LOCK_MECHANISM: LockMechanism =
  process.platform === 'linux' ? 'socket-and-file' : process.platform === 'win32' ? 'socket' : 'file';

/**
 * Named after the place's identity on its file system (device and inode), not its path: every spelling of a
 * folder (a symlink, a bind mount) meets the same lock, and two folders that share a path in different mount
 * namespaces do not. Containers on the host's network share its abstract sockets, so two server containers
 * each with its own volume at `/data` would otherwise lock each other out.
 */
function socketName(place: LockPlace): string {
  const { dev, ino } = fs.statSync(place.of, { bigint: true });
  const digest = createHash('sha256').update(`${dev}:${ino}`).digest('hex').slice(0, 32);
  const name = `meeshy-${place.purpose}-${digest}`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : `\0${name}`;
}

/**
 * Node binds a Unix socket or a named pipe synchronously (libuv's bind is one system call, and
 * `exclusive` keeps a cluster worker from handing it to the primary), so `listening` tells at once
 * whether this process got the name; a refusal (EADDRINUSE: another process holds it) is also emitted on
 * the next tick, where it is already answered and so ignored. Whoever connects is turned away.
 */
function trySocketLock(place: LockPlace): ProcessLock | undefined {
  const server = net.createServer((socket) => socket.destroy());
  server.on('error', () => undefined);
  server.listen({ path: socketName(place), exclusive: true });
  if (!server.listening) return undefined;
  // It must not keep the process alive on its own.
  server.unref();
  let held = true;
  return {
    get held() {
      return held;
    },
    release() {
      held = false;
      server.close();
    },
  };
}

/** Blocks this thread for `ms` (the callers are synchronous: a start, a migration). */
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takers starting at the same instant can meet each other's passing SQLite lock: a few tries, randomly apart. */
const FILE_LOCK_ATTEMPTS = 8;
const FILE_LOCK_RETRY_MAX_MS = 80;

function tryFileLock(place: LockPlace): ProcessLock | undefined {
  const database = new Database(place.fallbackFile, { timeout: 0 });
  fs.chmodSync(place.fallbackFile, 0o600);
  for (let attempt = 1; ; attempt += 1) {
    try {
      database.exec('BEGIN EXCLUSIVE');
      database.exec('CREATE TABLE IF NOT EXISTS held (since INTEGER)');
      return {
        get held() {
          return database.open;
        },
        release() {
          if (database.open) database.close();
        },
      };
    } catch (error) {
      if (database.inTransaction) database.exec('ROLLBACK');
      const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!busy || attempt === FILE_LOCK_ATTEMPTS) {
        database.close();
        if (busy) return undefined;
        throw error;
      }
      pauseSync(1 + Math.random() * FILE_LOCK_RETRY_MAX_MS);
    }
  }
}

/** Held only while both are; a file lock refused lets the socket go at once. */
function trySocketAndFileLock(place: LockPlace): ProcessLock | undefined {
  const socket = trySocketLock(place);
  if (socket === undefined) return undefined;
  let file: ProcessLock | undefined;
  try {
    file = tryFileLock(place);
  } finally {
    if (file === undefined) socket.release();
  }
  if (file === undefined) return undefined;
  // Released file first: whoever takes the socket next finds the file free.
  const both = [file, socket];
  return {
    get held() {
      return both.every((lock) => lock.held);
    },
    release() {
      for (const lock of both) lock.release();
    },
  };
}

/** Takes the lock for this process, or returns undefined when another process holds it. */
export function tryProcessLock(
  place: LockPlace,
  mechanism: LockMechanism = PLATFORM_LOCK_MECHANISM,
): ProcessLock | undefined {
  if (mechanism === 'socket') return trySocketLock(place);
  return mechanism === 'file' ? tryFileLock(place) : trySocketAndFileLock(place);
}

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between tries. */
  retryMs?: number;
  mechanism?: LockMechanism;
}

/**
 * Takes the lock, trying again until `timeoutMs` has passed while another process holds it; undefined
 * then. It blocks this thread while it waits: for the synchronous steps of a start, such as migrations.
 */
export function waitForProcessLock(place: LockPlace, options: WaitOptions): ProcessLock | undefined {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const lock = tryProcessLock(place, options.mechanism);
    if (lock !== undefined || Date.now() >= deadline) return lock;
    pauseSync(Math.min(options.retryMs ?? 50, Math.max(1, deadline - Date.now())));
  }
}
