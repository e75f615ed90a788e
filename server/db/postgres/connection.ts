import pg from 'pg';
import { drizzle, type NodePgDatabase, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type PgDb = NodePgDatabase<typeof schema>;
/** The database or a transaction on it: helpers that must run inside the caller's transaction take this. */
export type PgQueries = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export interface PgConnection {
  pool: pg.Pool;
  db: PgDb;
}

export interface PgConnectionOptions {
  url: string;
  /** Connections kept open at most; each replica has its own pool, so replicas × size ≤ max_connections. */
  poolSize: number;
}

/**
 * A pool of connections in UTC (timestamps print the way ./iso-timestamp.ts reads them). Idle connections
 * that break (the server restarted) are dropped by the pool and reported here instead of crashing the
 * process: the next query opens a fresh one.
 */
export function openPostgres({ url, poolSize }: PgConnectionOptions): PgConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => {
    process.stderr.write(`postgres: an idle connection failed and was dropped: ${error.message}\n`);
  });
  return { pool, db: drizzle(pool, { schema }) };
}

/** The node-postgres error under drizzle's wrapper (DrizzleQueryError keeps it as `cause`). */
export function postgresErrorOf(error: unknown): pg.DatabaseError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof pg.DatabaseError) return current;
  }
  return undefined;
}

/** Redacts the password so that a URL can appear in a log line. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
