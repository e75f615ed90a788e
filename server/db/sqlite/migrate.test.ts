import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/test-app.ts';
import { openSqlite, type SqliteConnection } from './connection.ts';
import { applySqliteMigrations, SQLITE_MIGRATIONS_FOLDER } from './migrate.ts';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const journal = JSON.parse(
  fs.readFileSync(path.join(SQLITE_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as { entries: JournalEntry[] };

/** A migrations folder holding only the first `count` migrations, to bring a database to an older schema. */
function migrationsUpTo(count: number, dir: string): string {
  const folder = path.join(dir, `migrations-${count}`);
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const entry of entries) {
    fs.copyFileSync(
      path.join(SQLITE_MIGRATIONS_FOLDER, `${entry.tag}.sql`),
      path.join(folder, `${entry.tag}.sql`),
    );
  }
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

const tableCounts = (connection: SqliteConnection) =>
  Object.fromEntries(
    ['users', 'conversations', 'conversation_members', 'messages', 'reactions', 'refresh_tokens'].map(
      (table) => [
        table,
        (connection.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n,
      ],
    ),
  );

describe('SQLite migrations', () => {
  const opened: SqliteConnection[] = [];
  let dir = '';
  const open = () => {
    dir = makeTempDir('meeshy-migrate-');
    const connection = openSqlite(path.join(dir, 'db.sqlite'));
    opened.push(connection);
    return connection;
  };
  afterEach(() => {
    for (const connection of opened.splice(0)) connection.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('journal timestamps only increase, so no migration is ever skipped by drizzle', () => {
    const whens = journal.entries.map((entry) => entry.when);
    expect(whens).toEqual([...whens].sort((a, b) => a - b));
    expect(new Set(whens).size).toBe(whens.length);
    expect(journal.entries.map((entry) => entry.idx)).toEqual(journal.entries.map((_, index) => index));
  });

  it('apply on an empty database and leave it consistent', () => {
    const connection = open();
    applySqliteMigrations(connection);
    const applied = connection.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as {
      n: number;
    };
    expect(applied.n).toBe(journal.entries.length);
    expect(connection.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(connection.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(connection.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const globalRoom = connection.sqlite.prepare("select type from conversations where id = 'global'").get();
    expect(globalRoom).toEqual({ type: 'global' });
  });

  it('running them again changes nothing', () => {
    const connection = open();
    applySqliteMigrations(connection);
    const before = tableCounts(connection);
    applySqliteMigrations(connection);
    expect(tableCounts(connection)).toEqual(before);
  });

  // Each migration after the first is applied to a database that holds data written under the schema
  // before it: the data must survive, and the migration must do its job on it.
  it.each(journal.entries.slice(1).map((entry) => [entry.tag, entry.idx] as const))(
    'migration %s applies on a database holding data',
    (_tag, index) => {
      const connection = open();
      applySqliteMigrations(connection, migrationsUpTo(index, dir));
      const insertUser = connection.sqlite.prepare(
        `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
         values (?, ?, ?, ?, ?, 'scrypt$x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      );
      insertUser.run('u1', 'Ann', 'ann', 'ann@example.test', 'Ann');
      insertUser.run('u2', 'Bob', 'bob', 'bob@example.test', 'Bob');
      const before = tableCounts(connection);

      applySqliteMigrations(connection, migrationsUpTo(index + 1, dir));

      const after = tableCounts(connection);
      expect(after.users).toBe(before.users);
      expect(connection.sqlite.pragma('foreign_key_check')).toEqual([]);
      if (journal.entries[index]?.tag === '0001_global_room') {
        // Users who existed before the global room get to be in it.
        const members = connection.sqlite
          .prepare(
            "select user_id from conversation_members where conversation_id = 'global' order by user_id",
          )
          .all();
        expect(members).toEqual([{ user_id: 'u1' }, { user_id: 'u2' }]);
      }
    },
  );
});
