import path from 'node:path';
import { tryProcessLock, type ProcessLock } from '../../platform/process-lock.ts';

export class DataDirInUseError extends Error {}

/**
 * One server per data folder: a second launch, or a stale process still running, would write the same
 * database and secrets behind the first one's back. The lock is held for the process's whole life and
 * released by the operating system when it exits.
 */
export function lockDataDir(dataDir: string): ProcessLock {
  const lock = tryProcessLock({
    of: dataDir,
    purpose: 'server',
    fallbackFile: path.join(dataDir, 'server.lock'),
  });
  if (lock === undefined) {
    throw new DataDirInUseError(
      `another Meeshy server is already using the data folder ${dataDir}; stop it first, or start this one with --data-dir pointing elsewhere`,
    );
  }
  return lock;
}
