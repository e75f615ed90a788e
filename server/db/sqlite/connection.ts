import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';

export type SqliteDb = BetterSQLite3Database<typeof schema>;

export interface SqliteConnection {
  sqlite: Database.Database;
  db: SqliteDb;
}

/**
 * Opens the database with the settings chat data needs: WAL so readers never block the writer,
 * synchronous=FULL so an acknowledged write survives even a power cut, foreign keys enforced, and a busy
 * timeout instead of instant SQLITE_BUSY. Sends are the exception to FULL: their group commit commits with
 * NORMAL and syncs the WAL on the thread pool before answering (same guarantee, see group-commit.ts).
 */
export function openSqlite(file: string): SqliteConnection {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** Folds the WAL back into the main file so a clean shutdown leaves one self-contained database file. */
export function closeSqlite(connection: SqliteConnection): void {
  if (!connection.sqlite.open) return;
  connection.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  connection.sqlite.close();
}
