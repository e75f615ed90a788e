import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { CreateConversationBody } from '../contract/conversations.ts';
import type { AuthSession, RegisterBody } from '../contract/auth.ts';
import { routes } from '../contract/routes.ts';
import { OrchestrationError } from './orchestrator/engine.ts';

/** The server's Postgres migrations (drizzle-kit's folder), applied by `db:migrate`. */
export const POSTGRES_MIGRATIONS = path.join(
  import.meta.dirname,
  '..',
  'server',
  'db',
  'postgres',
  'migrations',
);

/** The key the server's own migration takes too, so `db:migrate` and a starting replica never race. */
const MIGRATION_LOCK_KEY = 727_001;

async function withClient<T>(databaseUrl: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    return await work(pool);
  } catch (error) {
    if (error instanceof OrchestrationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OrchestrationError(`The database at ${redact(databaseUrl)} could not be used: ${reason}.`);
  } finally {
    await pool.end();
  }
}

export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function selectOne(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (pool) =>
    Number((await pool.query<{ one: number }>('select 1 as one')).rows[0]?.one),
  );
}

/** Applies pending migrations; returns how many the database has recorded afterwards. */
export async function migrateDatabase(databaseUrl: string, folder = POSTGRES_MIGRATIONS): Promise<number> {
  if (!fs.existsSync(path.join(folder, 'meta', '_journal.json'))) {
    throw new OrchestrationError(
      `No Postgres migrations in ${folder}: this checkout's server has no Postgres schema yet.`,
    );
  }
  return withClient(databaseUrl, async (pool) => {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrate(drizzle(client), { migrationsFolder: folder });
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      const applied = await client.query<{ n: number }>(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      return applied.rows[0]?.n ?? 0;
    } finally {
      client.release();
    }
  });
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
