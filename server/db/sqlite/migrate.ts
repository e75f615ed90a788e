import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SqliteConnection } from './connection.ts';
import { tryExclusiveLock } from './exclusive-lock.ts';

export const SQLITE_MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class MigrationError extends Error {}

/** How long a start waits for another process's migrations to finish. */
const MIGRATION_LOCK_WAIT_MS = 60_000;

/**
 * Applies pending migrations. Foreign keys are switched off on the connection first because drizzle runs
 * migrations inside a transaction, where SQLite ignores `PRAGMA foreign_keys`; a table rebuild would
 * otherwise fire ON DELETE CASCADE and silently wipe dependent rows. Integrity is checked before they
 * are switched back on, and a violation aborts the start instead of running on broken data.
 * Two processes starting on one database at once would both see a migration as pending (drizzle reads
 * the applied list outside its transaction): an exclusive lock beside the database serialises them, and
 * the second finds nothing left to do.
 */
export function applySqliteMigrations(
  connection: SqliteConnection,
  migrationsFolder = SQLITE_MIGRATIONS_FOLDER,
): void {
  const { sqlite, db } = connection;
  const lock = sqlite.memory
    ? undefined
    : tryExclusiveLock(`${sqlite.name}.migrate-lock`, MIGRATION_LOCK_WAIT_MS);
  if (!sqlite.memory && lock === undefined) {
    throw new MigrationError(`Another process kept ${sqlite.name} locked for migrations for over a minute`);
  }
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder });
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) {
      throw new MigrationError(
        `Migrations left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`,
      );
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
    lock?.release();
  }
}
