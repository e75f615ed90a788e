import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import { backupNow } from './backups.ts';
import type { SqliteConnection } from './connection.ts';
import { lockForMigration } from './migration-lock.ts';

export const SQLITE_MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class MigrationError extends Error {}

/**
 * Whether migrations would change this database: it already holds applied migrations (a new, empty one
 * has nothing to lose) and the journal has one newer than the last applied (drizzle's own rule).
 */
function hasPendingMigrations(connection: SqliteConnection, migrationsFolder: string): boolean {
  const { sqlite } = connection;
  const tracked = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (tracked === undefined) return false;
  const last = sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as {
    at: number | null;
  };
  if (last.at === null) return false;
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { when: number }[];
  };
  return journal.entries.some((entry) => entry.when > (last.at ?? 0));
}

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
  let lock;
  try {
    lock = sqlite.memory ? undefined : lockForMigration(sqlite.name, MIGRATION_LOCK_WAIT_MS);
  } catch (error) {
    throw new MigrationError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  try {
    // A migration that goes wrong (or silently drops data) must leave a way back: a verified copy of the
    // database as it was, taken under the lock so no other process migrates in between.
    if (!sqlite.memory && hasPendingMigrations(connection, migrationsFolder))
      backupNow(sqlite, 'before-migration');
  } catch (error) {
    lock?.release();
    throw new MigrationError(
      `Not migrating ${sqlite.name} without a backup: ${error instanceof Error ? error.message : String(error)}`,
    );
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
