import path from 'node:path';
import { tryExclusiveLock, type ExclusiveLock } from '../db/sqlite/exclusive-lock.ts';

export class DataDirInUseError extends Error {}

/**
 * One server per data folder: a second launch, or a stale process still running, would write the same
 * database and secrets behind the first one's back. The lock is held for the process's whole life and
 * released by the operating system when it exits.
 */
export function lockDataDir(dataDir: string): ExclusiveLock {
  const lock = tryExclusiveLock(path.join(dataDir, 'server.lock'), 0);
  if (lock === undefined) {
    throw new DataDirInUseError(
      `another Meeshy server is already using the data folder ${dataDir}; stop it first, or start this one with --data-dir pointing elsewhere`,
    );
  }
  return lock;
}
