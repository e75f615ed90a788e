import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgConnection } from './connection.ts';

export const POSTGRES_MIGRATIONS_FOLDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

/** Any constant: the key of the advisory lock that lets one replica at a time apply migrations. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations. Replicas may start together on one database: a session-level advisory lock
 * makes the second wait for the first and then find nothing left to apply, instead of both creating the
 * same tables. Postgres DDL is transactional, so a failing migration leaves the schema as it was.
 */
export async function applyPostgresMigrations(
  { pool }: PgConnection,
  migrationsFolder = POSTGRES_MIGRATIONS_FOLDER,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // On the connection that holds the lock (a session lock belongs to its connection; a pool of one
      // would otherwise wait for itself).
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
