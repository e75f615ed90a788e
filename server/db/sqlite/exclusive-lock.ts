import Database from 'better-sqlite3';

export interface ExclusiveLock {
  release(): void;
}

/**
 * An exclusive lock between processes, held through SQLite's own file locking on a small lock file: the
 * operating system drops it when the holder exits, however it exits (a crash or SIGKILL leaves no stale
 * lock behind), and it works wherever SQLite does. Waits up to `waitMs` for another holder, then returns
 * undefined.
 */
export function tryExclusiveLock(lockFile: string, waitMs: number): ExclusiveLock | undefined {
  const lock = new Database(lockFile, { timeout: waitMs });
  try {
    lock.pragma('journal_mode = DELETE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return undefined;
    throw error;
  }
  return {
    release() {
      if (!lock.open) return;
      lock.exec('COMMIT');
      lock.close();
    },
  };
}
