import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrationsUpTo, readJournal } from '../../../test-support/migrations.ts';
import { describeWithPostgres, usePostgres } from '../../../test-support/postgres.ts';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { openPostgres, type PgConnection } from './connection.ts';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_FOLDER } from './migrate.ts';

const journal = readJournal(POSTGRES_MIGRATIONS_FOLDER);

interface SnapshotColumn {
  name: string;
  type: string;
  notNull: boolean;
}
interface Snapshot {
  tables: Record<
    string,
    {
      name: string;
      columns: Record<string, SnapshotColumn>;
      indexes: Record<string, unknown>;
      compositePrimaryKeys: Record<string, unknown>;
    }
  >;
}

const snapshotOf = (idx: number) =>
  JSON.parse(
    fs.readFileSync(
      path.join(POSTGRES_MIGRATIONS_FOLDER, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`),
      'utf8',
    ),
  ) as Snapshot;

/** The live schema, in the snapshot's terms: table → column → [type, not null]; table → index names. */
async function liveSchema({ pool }: PgConnection) {
  const columns = await pool.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
  }>(
    `select c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
       from information_schema.columns c
       join pg_attribute a on a.attrelid = ('public.' || c.table_name)::regclass and a.attname = c.column_name
      where c.table_schema = 'public'`,
  );
  const indexes = await pool.query<{ tablename: string; indexname: string }>(
    `select tablename, indexname from pg_indexes where schemaname = 'public' and indexname not like '%_pkey'`,
  );
  const tables: Record<string, { columns: Record<string, [string, boolean]>; indexes: string[] }> = {};
  for (const row of columns.rows) {
    const table = (tables[row.table_name] ??= { columns: {}, indexes: [] });
    table.columns[row.column_name] = [row.type, row.not_null];
  }
  for (const row of indexes.rows) tables[row.tablename]?.indexes.push(row.indexname);
  for (const table of Object.values(tables)) table.indexes.sort();
  return tables;
}

function expectedSchema(snapshot: Snapshot) {
  return Object.fromEntries(
    Object.values(snapshot.tables).map((table) => [
      table.name,
      {
        columns: Object.fromEntries(
          Object.values(table.columns).map((column) => [
            column.name,
            // drizzle-kit writes "timestamp (3)", Postgres prints "timestamp(3)".
            [column.type.replace(/\s+\(/g, '('), column.notNull],
          ]),
        ),
        // A composite primary key is an index named after it; a single-column one is `<table>_pkey`.
        indexes: [...Object.keys(table.indexes), ...Object.keys(table.compositePrimaryKeys)].sort(),
      },
    ]),
  );
}

describeWithPostgres('Postgres migrations', () => {
  const postgres = usePostgres();
  const dir = makeTempDir('meeshy-pg-migrate-');
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const withDatabase = async (test: (connection: PgConnection) => Promise<void>) => {
    const connection = openPostgres({ url: await postgres.freshDatabase(), poolSize: 2 });
    try {
      await test(connection);
    } finally {
      await connection.pool.end();
    }
  };

  it('journal timestamps only increase, so no migration is ever skipped by drizzle', () => {
    const whens = journal.entries.map((entry) => entry.when);
    expect(whens).toEqual([...whens].sort((a, b) => a - b));
    expect(journal.entries.map((entry) => entry.idx)).toEqual(journal.entries.map((_, index) => index));
  });

  for (const entry of journal.entries) {
    it(`${entry.tag} applies cleanly after the ones before it, and the schema is then its snapshot`, () =>
      withDatabase(async (connection) => {
        await applyPostgresMigrations(connection, migrationsUpTo(POSTGRES_MIGRATIONS_FOLDER, entry.idx, dir));
        if (entry.idx > 0) {
          // A user from before the migration: the data migrations must carry them over.
          await connection.pool.query(
            `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
             values ('u1', 'Ann', 'ann', 'ann@example.test', 'Ann', 'hash', now(), now())`,
          );
        }
        if (entry.tag === '0002_server_roles') {
          await connection.pool.query(
            `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
             values ('u2', 'Bob', 'bob', 'bob@example.test', 'Bob', 'hash', now() + interval '1 second', now())`,
          );
        }
        if (entry.tag === '0003_translation_job_claims') {
          // A message waiting for its translation from before replicas claimed jobs.
          await connection.pool.query(
            `insert into messages (id, conversation_id, sender_id, client_message_id, content, seq, version, created_at)
             values ('m1', 'global', 'u1', 'c1', 'hello', 1, 1, now());
             insert into translation_jobs (id, message_id, next_attempt_at, created_at) values ('j1', 'm1', now(), now())`,
          );
        }
        await applyPostgresMigrations(
          connection,
          migrationsUpTo(POSTGRES_MIGRATIONS_FOLDER, entry.idx + 1, dir),
        );
        const applied = await connection.pool.query(
          'select count(*)::int as n from drizzle.__drizzle_migrations',
        );
        expect(applied.rows[0]).toEqual({ n: entry.idx + 1 });
        expect(await liveSchema(connection)).toEqual(expectedSchema(snapshotOf(entry.idx)));
        if (entry.tag === '0001_global_room') {
          const members = await connection.pool.query(
            `select user_id from conversation_members where conversation_id = 'global'`,
          );
          expect(members.rows).toEqual([{ user_id: 'u1' }]);
          const counter = await connection.pool.query('select value::int as value from change_counter');
          expect(counter.rows).toEqual([{ value: 0 }]);
        }
        if (entry.tag === '0003_translation_job_claims') {
          // It belongs to no one: the first replica to look takes it.
          const jobs = await connection.pool.query(
            'select id, claimed_by, claim_expires_at from translation_jobs',
          );
          expect(jobs.rows).toEqual([{ id: 'j1', claimed_by: null, claim_expires_at: null }]);
        }
        if (entry.tag === '0002_server_roles') {
          // A server from before roles: its first account becomes the owner, the others members.
          const roles = await connection.pool.query('select id, role from users order by id');
          expect(roles.rows).toEqual([
            { id: 'u1', role: 'owner' },
            { id: 'u2', role: 'member' },
          ]);
        }
      }));
  }

  it('applying twice, or from two replicas at once, changes nothing the second time', () =>
    withDatabase(async (connection) => {
      const other = openPostgres({ url: connection.pool.options.connectionString ?? '', poolSize: 2 });
      try {
        await Promise.all([applyPostgresMigrations(connection), applyPostgresMigrations(other)]);
        await applyPostgresMigrations(connection);
        const applied = await connection.pool.query(
          'select count(*)::int as n from drizzle.__drizzle_migrations',
        );
        expect(applied.rows[0]).toEqual({ n: journal.entries.length });
      } finally {
        await other.pool.end();
      }
    }));
});
