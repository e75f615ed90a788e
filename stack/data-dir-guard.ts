import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** What holds a data folder for one process; the system drops it when that process dies, however it dies. */
export interface DataDirGuard {
  release(): void;
  readonly held: boolean;
}

/**
 * The name of the folder's guard socket: a Linux abstract socket or a Windows named pipe, so there is no
 * file to go stale; named after the folder's real path, so every way of spelling it meets the same guard.
 */
function guardSocketName(dataDir: string): string {
  const digest = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 32);
  return process.platform === 'win32' ? `\\\\.\\pipe\\meeshy-data-${digest}` : `\0meeshy-data-${digest}`;
}

/**
 * Linux and Windows: listening on the folder's socket name. Binding is atomic in the kernel (a second
 * listener gets EADDRINUSE), and the name is freed with the process. Whoever connects is turned away.
 */
async function takeSocketGuard(dataDir: string): Promise<DataDirGuard | undefined> {
  const server = net.createServer((socket) => socket.destroy());
  const taken = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    });
    server.listen(guardSocketName(dataDir), () => {
      resolve(true);
    });
  });
  if (!taken) return undefined;
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

/** The file whose SQLite lock guards the folder where no socket name can (macOS and the other Unixes). */
export const GUARD_FILE_NAME = 'meeshy-stack.guard';
/** Launches starting at the same instant can meet each other's passing lock: a few tries, randomly apart. */
const GUARD_ATTEMPTS = 8;
const GUARD_RETRY_MAX_MS = 80;

/**
 * Elsewhere: an exclusive SQLite transaction on a file of the folder, never committed; the system drops
 * its fcntl lock with the process. Used only where the socket guard is not available: under heavy
 * contention on Linux two launches were seen to both get it, which the socket guard cannot do.
 */
async function takeFileGuard(dataDir: string): Promise<DataDirGuard | undefined> {
  const file = path.join(dataDir, GUARD_FILE_NAME);
  const database = new Database(file, { timeout: 0 });
  fs.chmodSync(file, 0o600);
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
      if (!busy || attempt === GUARD_ATTEMPTS) {
        database.close();
        if (busy) return undefined;
        throw error;
      }
      await sleep(1 + Math.random() * GUARD_RETRY_MAX_MS);
    }
  }
}

/** Takes the data folder for this process, or returns undefined when another process holds it. */
export function takeDataDirGuard(dataDir: string): Promise<DataDirGuard | undefined> {
  return process.platform === 'linux' || process.platform === 'win32'
    ? takeSocketGuard(dataDir)
    : takeFileGuard(dataDir);
}
