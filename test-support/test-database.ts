import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ChatRepository } from '../server/db/repository.ts';
import { openPostgresRepository } from '../server/db/postgres/repository.ts';
import { openSqliteRepository } from '../server/db/sqlite/repository.ts';
import { freshMigratedDatabase } from './postgres.ts';

/** Which database the server's suites run on: `MEESHY_TEST_DATABASE=postgres`, else SQLite. */
export type TestDatabaseKind = 'sqlite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.MEESHY_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** Where a test app's data lives, so that a second repository (a replica) can open the same data. */
export type TestDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** A new, migrated, empty database of the run's kind: a file in `dataDir`, or a copy of the template. */
export async function createTestDatabase(dataDir: string): Promise<TestDatabase> {
  if (testDatabaseKind() === 'sqlite') return { kind: 'sqlite', file: path.join(dataDir, 'meeshy.sqlite') };
  return { kind: 'postgres', url: await freshMigratedDatabase() };
}

export function openTestDatabase(database: TestDatabase): Promise<ChatRepository> {
  if (database.kind === 'sqlite') return Promise.resolve(openSqliteRepository(database.file));
  return openPostgresRepository({ url: database.url, poolSize: 4 });
}

/**
 * Runs one raw statement on the test database, for tests that set up what no API can (a row an older
 * server could leave). Parameters are written `?`, as SQLite wants; Postgres gets them numbered.
 */
export async function runSql(
  database: TestDatabase,
  statement: string,
  params: unknown[] = [],
): Promise<void> {
  if (database.kind === 'sqlite') {
    const sqlite = new Database(database.file);
    try {
      sqlite.prepare(statement).run(...params);
    } finally {
      sqlite.close();
    }
    return;
  }
  let index = 0;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      statement.replace(/\?/g, () => `$${(index += 1)}`),
      params,
    );
  } finally {
    await client.end();
  }
}
