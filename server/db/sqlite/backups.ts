import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Backups kept beside the database; older ones are deleted once a newer one is verified. */
export const BACKUPS_KEPT = 3;

export type BackupReason = 'before-migration' | 'daily';

export class BackupError extends Error {}

/** `<folder of the database>/backups`: on the same disk, inside the owner-only data folder. */
export function backupFolderOf(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), 'backups');
}

/** The verified backups of a database, oldest first (their names start with the time they were taken). */
export function listBackups(databaseFile: string): string[] {
  const folder = backupFolderOf(databaseFile);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.sqlite'))
    .sort()
    .map((name) => path.join(folder, name));
}

/** When the newest backup was taken, or undefined when there is none. */
export function newestBackupTime(databaseFile: string): number | undefined {
  const newest = listBackups(databaseFile).at(-1);
  return newest === undefined ? undefined : fs.statSync(newest).mtimeMs;
}

/**
 * What `PRAGMA integrity_check` says is wrong with a database file, or undefined when it is sound.
 * `standalone` first turns the file out of WAL mode (a copy of a WAL database is one too), so a backup is
 * one self-contained file, with no -wal or -shm beside it.
 */
export function integrityProblems(file: string, standalone = false): string | undefined {
  let copy: Database.Database | undefined;
  try {
    copy = new Database(file, { readonly: !standalone, fileMustExist: true });
    if (standalone) copy.pragma('journal_mode = DELETE');
    const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    return problems.length === 0 ? undefined : problems.slice(0, 5).join('; ');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    copy?.close();
  }
}

function startBackup(databaseFile: string, reason: BackupReason): { partial: string; final: string } {
  const folder = backupFolderOf(databaseFile);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const final = path.join(folder, `meeshy-${stamp}-${reason}.sqlite`);
  const partial = `${final}.partial`;
  removeCopy(partial);
  return { partial, final };
}

/**
 * A copy is trusted only once `integrity_check` passes on it; then it takes its final name and the
 * oldest backups beyond BACKUPS_KEPT go. A bad copy is deleted and reported, never kept as a backup.
 */
function removeCopy(partial: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${partial}${suffix}`, { force: true });
}

function keepIfSound(databaseFile: string, partial: string, final: string): string {
  const problems = integrityProblems(partial, true);
  if (problems !== undefined) {
    removeCopy(partial);
    throw new BackupError(`The backup copy of ${databaseFile} failed its integrity check (${problems})`);
  }
  fs.renameSync(partial, final);
  for (const old of listBackups(databaseFile).slice(0, -BACKUPS_KEPT)) fs.rmSync(old, { force: true });
  return final;
}

/**
 * A backup taken synchronously on the server's own connection (`VACUUM INTO`, a consistent and compact
 * copy), for the moment before migrations run, when nothing else may write yet.
 */
export function backupNow(sqlite: Database.Database, reason: BackupReason): string {
  const { partial, final } = startBackup(sqlite.name, reason);
  try {
    sqlite.prepare('vacuum into ?').run(partial);
  } catch (error) {
    removeCopy(partial);
    throw new BackupError(
      `Could not back up ${sqlite.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return keepIfSound(sqlite.name, partial, final);
}

/**
 * An online backup with SQLite's backup API (better-sqlite3's `backup()`): it copies a batch of pages per
 * turn of the event loop, so the server keeps answering while it runs, and restarts by itself when a
 * write changes pages already copied.
 */
export async function backupOnline(sqlite: Database.Database, reason: BackupReason): Promise<string> {
  const { partial, final } = startBackup(sqlite.name, reason);
  try {
    await sqlite.backup(partial);
  } catch (error) {
    removeCopy(partial);
    throw new BackupError(
      `Could not back up ${sqlite.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return keepIfSound(sqlite.name, partial, final);
}
