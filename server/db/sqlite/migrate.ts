import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SqliteConnection } from './connection.ts';

export const SQLITE_MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class MigrationError extends Error {}

/**
 * Applies pending migrations. Foreign keys are switched off on the connection first because drizzle runs
 * migrations inside a transaction, where SQLite ignores `PRAGMA foreign_keys`; a table rebuild would
 * otherwise fire ON DELETE CASCADE and silently wipe dependent rows. Integrity is checked before they
 * are switched back on, and a violation aborts the start instead of running on broken data.
 */
export function applySqliteMigrations(
  connection: SqliteConnection,
  migrationsFolder = SQLITE_MIGRATIONS_FOLDER,
): void {
  const { sqlite, db } = connection;
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
  }
}
