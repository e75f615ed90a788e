import path from 'node:path';
import Database from 'better-sqlite3';

// The search index's own SQLite file, beside the chat database and written only by the search worker
// (search-index-worker.ts): an FTS5 index of every live message's original (language '') and translations,
// derived from the chat database's `messages` and `message_translations`, which it follows by
// `messages.version` (an insert, edit, deletion or translation gives the message a new one). Indexing a
// send in its own group commit cost the event loop about 33 µs a send (bench/README.md); here it runs on
// another thread, a few sends at a time.
//
// What keeps it right:
// - `search_progress.indexed_through` is the change counter's value the index has caught up with, written in
//   the same transaction as the rows it covers: after a crash the worker starts again from there. The index
//   is derived data: a missing file is rebuilt from the chat database, and so is one that is ahead of it (a
//   database restored from a backup, or a power cut that took commits the index had already read).
// - The FTS table keeps its own copy of each text (not external content), so a row is deleted by its rowid
//   alone: an external-content 'delete' given other values than were indexed corrupts the index.
// - A search first catches up with everything committed before it was asked (the worker handles messages
//   in order: see search-index.ts), so it finds every message whose send was acknowledged before it.
// - A message removed outright (only by a cascade: no server code deletes messages or conversations) keeps
//   its rows until its file is rebuilt; a search never shows them, as it joins the live messages.

/** Bumped when the file's tables change: a file of another version is emptied and rebuilt. */
const SCHEMA_VERSION = 1;

/** Changed messages indexed per transaction (each transaction keeps the chat database's WAL from resetting). */
const BATCH = 500;

export function searchIndexFileOf(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), `${path.basename(databaseFile)}.search`);
}

/** The search file, opened (created if needed) with the chat database attached read-only as `chat`. */
export function openSearchIndexFile(databaseFile: string): Database.Database {
  const db = new Database(searchIndexFileOf(databaseFile), { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    // Derived data: a power cut may take the last commits, rows and progress together, which are redone.
    db.pragma('synchronous = NORMAL');
    // Immediate, and checked again inside: a second server on the file (tests of replicas) may do it too.
    db.transaction(() => {
      if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) createTables(db);
    }).immediate();
    // Only read: this connection's transactions are deferred (a BEGIN IMMEDIATE would take the write lock of
    // every attached database), so it never holds the chat database's write lock; and it is closed before
    // the server's own connection, which is thus the last and checkpoints the WAL (repository.ts).
    db.prepare('attach database ? as chat').run(databaseFile);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function createTables(db: Database.Database): void {
  db.exec(`
    drop table if exists message_search;
    drop table if exists search_keys;
    drop table if exists search_progress;
    -- The FTS rowid of each indexed text: FTS5 rowids are integers, message ids are text.
    create table search_keys (
      id integer primary key autoincrement,
      message_id text not null,
      language text not null
    );
    create unique index search_keys_message on search_keys (message_id, language);
    -- Accents kept (remove_diacritics 0), as Postgres's 'simple' configuration keeps them, so both databases
    -- find the same messages; no token counts (columnsize 0): only bm25 reads them, the search orders by seq.
    create virtual table message_search using fts5(body, tokenize = 'unicode61 remove_diacritics 0', columnsize = 0);
    create table search_progress (id integer primary key check (id = 1), indexed_through integer not null);
    insert into search_progress (id, indexed_through) values (1, 0);
    pragma user_version = ${SCHEMA_VERSION};
  `);
}

interface ChangedMessage {
  id: string;
  content: string;
  deleted: number;
  version: number;
}

/**
 * Brings the index up to date with what is committed in the chat database; returns how far it got.
 * `committedAtOpen`: the change counter when the server opened the database, before any write of its own:
 * an index that is ahead of it was built from another database (or from commits a power cut took), which
 * the first catch-up must see before new writes bring the counter past it again.
 */
export function prepareIndexing(db: Database.Database, committedAtOpen: number): () => number {
  const counter = db.prepare<[], number>('select value from chat.change_counter where id = 1').pluck();
  const progress = db.prepare<[], number>('select indexed_through from search_progress').pluck();
  const setProgress = db.prepare<[number]>('update search_progress set indexed_through = ?');
  const lock = db.prepare('update search_progress set indexed_through = indexed_through');
  const changed = db.prepare<[number, number], ChangedMessage>(
    `select id, content, deleted_at is not null as deleted, version from chat.messages
      where version > ? order by version limit ?`,
  );
  const translations = db.prepare<[string], { language: string; content: string }>(
    `select target_language as language, content from chat.message_translations where message_id = ?`,
  );
  const keysOf = db.prepare<[string], number>('select id from search_keys where message_id = ?').pluck();
  const dropText = db.prepare<[number]>('delete from message_search where rowid = ?');
  const dropKeys = db.prepare<[string]>('delete from search_keys where message_id = ?');
  const addKey = db.prepare<[string, string]>('insert into search_keys (message_id, language) values (?, ?)');
  const addText = db.prepare<[number | bigint, string]>(
    'insert into message_search (rowid, body) values (?, ?)',
  );
  const empty = db.prepare('delete from message_search');
  const emptyKeys = db.prepare('delete from search_keys');

  const add = (messageId: string, language: string, text: string) => {
    addText.run(addKey.run(messageId, language).lastInsertRowid, text);
  };
  /** Replaces every row of the message with its texts as they are now (none once it is deleted). */
  const reindex = (message: ChangedMessage) => {
    const keys = keysOf.all(message.id);
    if (keys.length > 0) {
      for (const key of keys) dropText.run(key);
      dropKeys.run(message.id);
    }
    if (message.deleted) return;
    if (message.content !== '') add(message.id, '', message.content);
    for (const translation of translations.all(message.id))
      add(message.id, translation.language, translation.content);
  };
  let checkedAtOpen = false;
  // Deferred (see openSearchIndexFile), its reads of the chat database sharing one snapshot. Its first
  // statement writes, so the file's write lock is taken (waiting for a second server's worker, if any: tests
  // of replicas) before anything is read from it, which a read-then-write could not do.
  const step = db.transaction((): { through: number; more: boolean } => {
    lock.run();
    const committed = counter.get() ?? 0;
    let through = progress.get() ?? 0;
    const ahead = through > (checkedAtOpen ? committed : committedAtOpen);
    checkedAtOpen = true;
    if (ahead) {
      // Ahead of the database it indexes: that database is not the one it was built from.
      empty.run();
      emptyKeys.run();
      through = 0;
    }
    const rows = changed.all(through, BATCH);
    for (const row of rows) reindex(row);
    const more = rows.length === BATCH;
    const next = more ? (rows.at(-1)?.version ?? through) : committed;
    setProgress.run(next);
    return { through: next, more };
  });
  return () => {
    for (;;) {
      const { through, more } = step();
      if (!more) return through;
    }
  };
}

export interface SearchQuery {
  userId: string;
  /** An FTS5 query (search-snippet.ts `sqliteMatchQuery`). */
  match: string;
  /** '' (the original) and the translations searched. */
  languages: readonly string[];
  beforeSeq: number | null;
  limit: number;
  /** Snippet marks and length (search-snippet.ts). */
  start: string;
  end: string;
  words: number;
}

export interface SearchAnswer {
  /** Newest first. */
  ids: string[];
  snippets: { messageId: string; language: string | null; marked: string }[];
}

/** The page of message ids: matches of the original ('') or of a wanted translation, member's conversations only. */
const PAGE = `
  select m.id as id
    from chat.messages m
    join chat.conversation_members cm on cm.conversation_id = m.conversation_id and cm.user_id = @userId
   where m.deleted_at is null
     and (@beforeSeq is null or m.seq < @beforeSeq)
     and m.id in (
       select k.message_id
         from message_search
         join search_keys k on k.id = message_search.rowid
        where message_search match @match
          and k.language in (select value from json_each(@languages)))
   order by m.seq desc
   limit @limit`;

const SNIPPETS = `
  select k.message_id as messageId, k.language as language,
         snippet(message_search, 0, @start, @end, '…', @words) as marked
    from message_search
    join search_keys k on k.id = message_search.rowid
   where message_search match @match
     and k.message_id in (select value from json_each(@ids))
     and k.language in (select value from json_each(@languages))`;

export function prepareSearch(db: Database.Database): (query: SearchQuery) => SearchAnswer {
  const page = db.prepare<Record<string, unknown>, string>(PAGE).pluck();
  const snippets = db.prepare<Record<string, unknown>, SearchAnswer['snippets'][number]>(SNIPPETS);
  return ({ userId, match, languages, beforeSeq, limit, start, end, words }) => {
    const searched = JSON.stringify(languages);
    const ids = page.all({ userId, beforeSeq, match, languages: searched, limit });
    if (ids.length === 0) return { ids, snippets: [] };
    const rows = snippets.all({ match, ids: JSON.stringify(ids), languages: searched, start, end, words });
    return { ids, snippets: rows };
  };
}
