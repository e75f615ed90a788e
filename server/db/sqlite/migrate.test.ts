import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../../contract/auth.ts';
import { hashRefreshToken } from '../../security/refresh-token.ts';
import { migrationsUpTo as copyMigrationsUpTo, readJournal } from '../../../test-support/migrations.ts';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { createTestApp } from '../../../test-support/test-app.ts';
import { openSqlite, type SqliteConnection } from './connection.ts';
import { applySqliteMigrations, SQLITE_MIGRATIONS_FOLDER } from './migrate.ts';
import { openSqliteRepository } from './repository.ts';

const journal = readJournal(SQLITE_MIGRATIONS_FOLDER);
const migrationsUpTo = (count: number, dir: string) =>
  copyMigrationsUpTo(SQLITE_MIGRATIONS_FOLDER, count, dir);

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
      // Ann's sign-in was refreshed once and is still open; Bob's was signed out (every token revoked).
      const insertToken = connection.sqlite.prepare(
        `insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at, rotated_at, revoked_at, created_at)
         values (?, ?, ?, ?, '2099-01-01T00:00:00.000Z', ?, ?, ?)`,
      );
      insertToken.run('t1', 'u1', 'f1', 'h1', '2026-01-02T00:00:00.000Z', null, '2026-01-01T00:00:00.000Z');
      insertToken.run('t2', 'u1', 'f1', 'h2', null, null, '2026-01-02T00:00:00.000Z');
      insertToken.run('t3', 'u2', 'f2', 'h3', null, '2026-01-04T00:00:00.000Z', '2026-01-03T00:00:00.000Z');
      // From 0003 on, a sign-in is also a row of its own, written by the server at sign-in and sign-out.
      const hasSessions = connection.sqlite
        .prepare("select 1 from sqlite_master where type = 'table' and name = 'sessions'")
        .get();
      if (hasSessions !== undefined) {
        connection.sqlite.exec(
          `insert into sessions (id, user_id, created_at, ended_at, end_reason) values
           ('f1', 'u1', '2026-01-01T00:00:00.000Z', null, null),
           ('f2', 'u2', '2026-01-03T00:00:00.000Z', '2026-01-04T00:00:00.000Z', 'signed-out')`,
        );
      }
      // From 0002 on, a message may wait for its translation: a job queued before a migration must survive it.
      const hasJobs = connection.sqlite
        .prepare("select 1 from sqlite_master where type = 'table' and name = 'translation_jobs'")
        .get();
      if (hasJobs !== undefined) {
        connection.sqlite.exec(
          `insert into messages (id, conversation_id, sender_id, client_message_id, content, seq, version, created_at)
           values ('m1', 'global', 'u1', 'c1', 'hello', 1, 1, '2026-01-01T00:00:00.000Z');
           insert into translation_jobs (id, message_id, next_attempt_at, created_at)
           values ('j1', 'm1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
        );
      }
      const tag = journal.entries[index]?.tag ?? '';
      // Messages and a translation written under a schema that indexes them (0009) or not yet (before it).
      if (
        tag.endsWith('_message_search') ||
        tag.endsWith('_message_search_inserts') ||
        tag.endsWith('_search_index_file')
      ) {
        connection.sqlite.exec(
          `insert into messages (id, conversation_id, sender_id, client_message_id, content, seq, version, created_at)
           values ('m11', 'global', 'u1', 'c11', 'Le marché ouvre', 11, 11, '2026-01-01T00:00:00.000Z'),
                  ('m12', 'global', 'u1', 'c12', '', 12, 12, '2026-01-01T00:00:00.000Z');
           insert into message_translations (message_id, target_language, source_language, content, tier, model, created_at)
           values ('m11', 'en', 'fr', 'The market opens', 'basic', 'm', '2026-01-01T00:00:00.000Z')`,
        );
      }
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
      if (journal.entries[index]?.tag === '0003_sessions') {
        // Every sign-in from before gets its row, so its refresh token still leads to a usable access token.
        const sessions = connection.sqlite.prepare('select * from sessions order by id').all();
        expect(sessions).toEqual([
          {
            id: 'f1',
            user_id: 'u1',
            created_at: '2026-01-01T00:00:00.000Z',
            ended_at: null,
            end_reason: null,
          },
          {
            id: 'f2',
            user_id: 'u2',
            created_at: '2026-01-03T00:00:00.000Z',
            ended_at: '2026-01-04T00:00:00.000Z',
            end_reason: 'revoked',
          },
        ]);
      }
      if (journal.entries[index]?.tag === '0006_translation_job_claims') {
        // A job queued before replicas claimed jobs belongs to no one: the first replica to look takes it.
        const jobs = connection.sqlite
          .prepare('select id, claimed_by, claim_expires_at from translation_jobs')
          .all();
        expect(jobs).toEqual([{ id: 'j1', claimed_by: null, claim_expires_at: null }]);
      }
      if (journal.entries[index]?.tag.endsWith('_attachments')) {
        // Messages from before have no attachments; the new tables start empty and enforce their keys.
        const count = (table: string) =>
          (connection.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        expect([count('attachment_blobs'), count('attachments')]).toEqual([0, 0]);
        const orphan = () =>
          connection.sqlite
            .prepare(
              `insert into attachments (id, conversation_id, uploader_id, client_message_id, position, blob_hash, kind, file_name, created_at)
               values ('a1', 'global', 'u1', 'c1', 0, 'no-such-blob', 'file', 'f.txt', '2026-01-01T00:00:00.000Z')`,
            )
            .run();
        expect(orphan).toThrow(/FOREIGN KEY/);
      }
      if (journal.entries[index]?.tag.endsWith('_share_links') === true) {
        // Everyone from before is an account, not a guest; no group has a link yet.
        const guests = connection.sqlite
          .prepare('select count(*) as n from users where guest_conversation_id is not null')
          .get() as { n: number };
        expect(guests.n).toBe(0);
        const links = connection.sqlite.prepare('select count(*) as n from share_links').get() as {
          n: number;
        };
        expect(links.n).toBe(0);
      }
      if (journal.entries[index]?.tag.endsWith('_message_search') === true) {
        // Messages and translations stored before search existed are found (an emptied one is not indexed).
        const found = (word: string) =>
          connection.sqlite
            .prepare(
              `select k.message_id as id, k.language as language from message_search
                 join message_search_keys k on k.id = message_search.rowid where message_search match ?`,
            )
            .all(word);
        expect(found('marché')).toEqual([{ id: 'm11', language: '' }]);
        expect(found('market')).toEqual([{ id: 'm11', language: 'en' }]);
        connection.sqlite.prepare("update messages set content = 'La gare ferme' where id = 'm11'").run();
        expect(found('marché')).toEqual([]);
        expect(found('gare')).toEqual([{ id: 'm11', language: '' }]);
      }
      if (tag.endsWith('_message_search_inserts')) {
        // The index rebuilt without token counts finds what it found before, follows edits and marks matches.
        const found = (word: string) =>
          connection.sqlite
            .prepare(
              `select k.message_id as id, k.language as language,
                      snippet(message_search, 0, '[', ']', '…', 8) as marked
                 from message_search join message_search_keys k on k.id = message_search.rowid
                where message_search match ?`,
            )
            .all(word);
        expect(found('marché')).toEqual([{ id: 'm11', language: '', marked: 'Le [marché] ouvre' }]);
        expect(found('market')).toEqual([{ id: 'm11', language: 'en', marked: 'The [market] opens' }]);
        connection.sqlite.prepare("update messages set content = 'La gare ferme' where id = 'm11'").run();
        expect(found('marché')).toEqual([]);
        expect(found('gare')).toEqual([{ id: 'm11', language: '', marked: 'La [gare] ferme' }]);
        const docsize = connection.sqlite
          .prepare("select 1 from sqlite_master where name = 'message_search_docsize'")
          .get();
        expect(docsize).toBeUndefined();
        // A new message's rows are the server's to write (prepared-message-queries.ts), in the send's batch.
        const insertTrigger = connection.sqlite
          .prepare("select 1 from sqlite_master where type = 'trigger' and name = 'messages_search_insert'")
          .get();
        expect(insertTrigger).toBeUndefined();
      }
      if (tag.endsWith('_search_index_file')) {
        // The index and its triggers leave the database (its own file now: search-index-file.ts); the
        // messages stay, and an edit or a translation no longer touches any index here.
        const searchObjects = connection.sqlite
          .prepare("select name from sqlite_master where name like '%search%'")
          .all();
        expect(searchObjects).toEqual([]);
        expect(connection.sqlite.prepare('select content from messages order by id').pluck().all()).toEqual([
          'hello',
          'Le marché ouvre',
          '',
        ]);
        connection.sqlite.prepare("update messages set content = 'La gare ferme' where id = 'm11'").run();
        connection.sqlite.prepare("delete from message_translations where message_id = 'm11'").run();
      }
      if (journal.entries[index]?.tag === '0004_devices') {
        // A sign-in was last used when its newest refresh token was issued; its device was never recorded.
        const sessions = connection.sqlite
          .prepare('select id, device_label, last_used_at from sessions order by id')
          .all();
        expect(sessions).toEqual([
          { id: 'f1', device_label: null, last_used_at: '2026-01-02T00:00:00.000Z' },
          { id: 'f2', device_label: null, last_used_at: '2026-01-03T00:00:00.000Z' },
        ]);
      }
    },
  );

  it('messages and translations stored before the index had its own file are found once the server starts', async () => {
    const connection = open();
    const searchFile = journal.entries.findIndex((entry) => entry.tag.endsWith('_search_index_file'));
    applySqliteMigrations(connection, migrationsUpTo(searchFile, dir));
    connection.sqlite.exec(
      `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
       values ('u1', 'Ann', 'ann', 'ann@example.test', 'Ann', 'scrypt$x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
       insert into conversation_members (conversation_id, user_id, role, joined_at)
       values ('global', 'u1', 'member', '2026-01-01T00:00:00.000Z');
       insert into messages (id, conversation_id, sender_id, client_message_id, content, seq, version, created_at)
       values ('m1', 'global', 'u1', 'c1', 'Le marché ouvre', 1, 1, '2026-01-01T00:00:00.000Z');
       insert into message_translations (message_id, target_language, source_language, content, tier, model, created_at)
       values ('m1', 'en', 'fr', 'The market opens', 'basic', 'm', '2026-01-01T00:00:00.000Z');
       update change_counter set value = 1`,
    );
    connection.sqlite.close();
    opened.splice(0);

    const repository = openSqliteRepository(path.join(dir, 'db.sqlite'));
    try {
      const found = async (word: string) =>
        (await repository.searchMessages({ userId: 'u1', words: [word], languages: ['en'], limit: 10 })).map(
          (hit) => [hit.message.id, hit.matchedLanguage],
        );
      expect(await found('marché')).toEqual([['m1', null]]);
      expect(await found('market')).toEqual([['m1', 'en']]);
    } finally {
      await repository.close();
    }
  });

  it('a sign-in made before sign-ins were tracked refreshes into a working, revocable access token', async () => {
    const connection = open();
    const sessionsTag = journal.entries.findIndex((entry) => entry.tag === '0003_sessions');
    applySqliteMigrations(connection, migrationsUpTo(sessionsTag, dir));
    connection.sqlite
      .prepare(
        `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
         values ('u1', 'Ann', 'ann', 'ann@example.test', 'Ann', 'scrypt$x', ?, ?)`,
      )
      .run(new Date().toISOString(), new Date().toISOString());
    const refreshToken = 'a-refresh-token-from-before-the-upgrade';
    connection.sqlite
      .prepare(
        `insert into refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
         values ('t1', 'u1', 'f1', ?, '2099-01-01T00:00:00.000Z', ?)`,
      )
      .run(hashRefreshToken(refreshToken), new Date().toISOString());
    connection.sqlite.close();
    opened.splice(0);

    const t = await createTestApp({ repository: openSqliteRepository(path.join(dir, 'db.sqlite')) });
    try {
      const post = (url: string) => t.app.inject({ method: 'POST', url, payload: { refreshToken } });
      const me = (accessToken: string) =>
        t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: `Bearer ${accessToken}` },
        });
      const refreshed = await post('/api/auth/refresh');
      expect(refreshed.statusCode).toBe(200);
      const { accessToken, refreshToken: next } = refreshed.json<AuthSession>();
      expect((await me(accessToken)).statusCode).toBe(200);
      await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: next } });
      expect((await me(accessToken)).json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    } finally {
      await t.close();
    }
  });
});
