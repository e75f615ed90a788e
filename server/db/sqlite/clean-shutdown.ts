import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { backupFolderOf } from './backups.ts';

export class UncleanShutdownError extends Error {}

/** The marker beside the database: present while a server has it open, removed by a clean close. */
export function runningMarkerOf(databaseFile: string): string {
  return `${databaseFile}.running`;
}

/** What `PRAGMA quick_check` finds wrong (a page too damaged to read at all counts as a finding). */
function quickCheckProblems(sqlite: Database.Database): string[] {
  try {
    const rows = sqlite.pragma('quick_check') as { quick_check: string }[];
    return rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * Run at open: when the marker of the last run is still there, that run ended without closing the
 * database (a crash, a kill, a power cut), so `PRAGMA quick_check` looks at it before anything writes;
 * a database that fails it is refused, left as it is, with a pointer to the backups. Then the marker is
 * (re)written for this run. Returns whether a check was made.
 */
export function checkAfterUncleanShutdown(
  sqlite: Database.Database,
  report: (line: string) => void,
): boolean {
  const marker = runningMarkerOf(sqlite.name);
  const unclean = fs.existsSync(marker);
  if (unclean) {
    const problems = quickCheckProblems(sqlite);
    if (problems.length > 0) {
      throw new UncleanShutdownError(
        `The database ${sqlite.name} was not closed cleanly last time, and its quick check found damage ` +
          `(${problems.slice(0, 3).join('; ')}). It has been left untouched: stop the server, keep a copy ` +
          `of it, and restore the newest backup from ${backupFolderOf(sqlite.name)}.`,
      );
    }
    report(`database: the last run did not close ${sqlite.name} cleanly; its quick check found no damage`);
  }
  fs.writeFileSync(marker, `${process.pid}\n`, { mode: 0o600 });
  return unclean;
}

/** Called once the database is closed cleanly. */
export function markCleanShutdown(databaseFile: string): void {
  fs.rmSync(runningMarkerOf(databaseFile), { force: true });
}
