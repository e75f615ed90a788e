import fs from 'node:fs';
import { waitForProcessLock, type ProcessLock } from '../../../platform/process-lock.ts';

export class MigrationLockTimeout extends Error {}

/** Who holds a database's migration lock, written by the holder beside the database while it migrates. */
interface HolderNote {
  pid: number;
  since: string;
}

function readHolder(file: string): HolderNote | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HolderNote;
  } catch {
    return undefined;
  }
}

function describeHolder(note: HolderNote | undefined): string {
  if (note === undefined) return 'another process';
  try {
    process.kill(note.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'another process';
  }
  return `process ${note.pid} (migrating since ${note.since})`;
}

/**
 * Serialises the migrations of one database file between processes: two starting at once would both see a
 * migration as pending. Waits up to `waitMs` for another holder, then throws naming it (its pid, as it
 * noted beside the database). The system drops the lock with a holder that dies, however it dies.
 */
export function lockForMigration(databaseFile: string, waitMs: number): ProcessLock {
  const noteFile = `${databaseFile}.migrating`;
  const lock = waitForProcessLock(
    { of: databaseFile, purpose: 'migrate', fallbackFile: `${databaseFile}.migrate-lock` },
    { timeoutMs: waitMs },
  );
  if (lock === undefined) {
    throw new MigrationLockTimeout(
      `${describeHolder(readHolder(noteFile))} kept ${databaseFile} locked for migrations for over ${Math.round(waitMs / 1000)} s; ` +
        'stop it, or wait for it to finish, then start again',
    );
  }
  const note: HolderNote = { pid: process.pid, since: new Date().toISOString() };
  // The owner's alone, like everything in the data folder.
  fs.writeFileSync(noteFile, JSON.stringify(note), { mode: 0o600 });
  return {
    get held() {
      return lock.held;
    },
    release() {
      if (!lock.held) return;
      if (readHolder(noteFile)?.pid === process.pid) fs.rmSync(noteFile, { force: true });
      lock.release();
    },
  };
}
