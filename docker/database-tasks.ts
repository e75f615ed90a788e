import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { CreateConversationBody } from '../contract/conversations.ts';
import type { AuthSession, RegisterBody } from '../contract/auth.ts';
import { routes } from '../contract/routes.ts';
import { describeDatabaseUrl, openPostgres } from '../server/db/postgres/connection.ts';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_FOLDER } from '../server/db/postgres/migrate.ts';
import { OrchestrationError } from './orchestrator/engine.ts';

async function withClient<T>(databaseUrl: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    return await work(pool);
  } catch (error) {
    throw unusable(databaseUrl, error);
  } finally {
    await pool.end();
  }
}

function unusable(databaseUrl: string, error: unknown): OrchestrationError {
  if (error instanceof OrchestrationError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new OrchestrationError(
    `The database at ${describeDatabaseUrl(databaseUrl)} could not be used: ${reason}.`,
  );
}

export async function selectOne(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (pool) =>
    Number((await pool.query<{ one: number }>('select 1 as one')).rows[0]?.one),
  );
}

/**
 * Applies the server's pending Postgres migrations with the server's own migrator (the one a starting
 * server runs, under the same advisory lock, so `db:migrate` and a starting replica never race); returns
 * how many migrations the database has recorded afterwards.
 */
export async function migrateDatabase(databaseUrl: string): Promise<number> {
  if (!fs.existsSync(path.join(POSTGRES_MIGRATIONS_FOLDER, 'meta', '_journal.json'))) {
    throw new OrchestrationError(`No Postgres migrations in ${POSTGRES_MIGRATIONS_FOLDER}.`);
  }
  const connection = openPostgres({ url: databaseUrl, poolSize: 1 });
  try {
    await applyPostgresMigrations(connection);
    const applied = await connection.pool.query<{ n: number }>(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    return applied.rows[0]?.n ?? 0;
  } catch (error) {
    throw unusable(databaseUrl, error);
  } finally {
    await connection.pool.end();
  }
}

/** Drops every table (the app's schema and drizzle's record of migrations): the database is as new. */
export async function resetDatabase(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (pool) => {
    await pool.query('drop schema if exists drizzle cascade');
    await pool.query('drop schema if exists public cascade');
    await pool.query('create schema public');
  });
}

export const SEED_PASSWORD = 'meeshy demo password';
const SEED_USERS: RegisterBody[] = [
  {
    username: 'alice',
    email: 'alice@example.test',
    password: SEED_PASSWORD,
    displayName: 'Alice',
    systemLanguage: 'en',
  },
  {
    username: 'bruno',
    email: 'bruno@example.test',
    password: SEED_PASSWORD,
    displayName: 'Bruno',
    systemLanguage: 'fr',
  },
];

async function post(
  base: string,
  route: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(route, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Demo data through the running server's own API (so it obeys every rule the server enforces): two users
 * who read different languages and their direct conversation. Users that exist already are signed in.
 */
export async function seedThroughApi(serverUrl: string): Promise<string[]> {
  const sessions: AuthSession[] = [];
  try {
    for (const user of SEED_USERS) {
      let answer = await post(serverUrl, routes.register.path, user);
      if (answer.status === 409) {
        answer = await post(serverUrl, routes.login.path, {
          username: user.username,
          password: user.password,
        });
      }
      if (answer.status >= 300)
        throw new Error(`${user.username}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      sessions.push(answer.body as AuthSession);
    }
    const [first, second] = sessions as [AuthSession, AuthSession];
    const conversation: CreateConversationBody = { type: 'direct', memberIds: [second.user.id] };
    const created = await post(serverUrl, routes.createConversation.path, conversation, first.accessToken);
    if (created.status >= 300) throw new Error(`conversation: HTTP ${created.status}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OrchestrationError(
      `Seeding through the server at ${serverUrl} failed (${reason}); is the backend up (prod:up)?`,
    );
  }
  return SEED_USERS.map((user) => `${user.username} (password "${SEED_PASSWORD}")`);
}
