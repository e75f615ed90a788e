import type Database from 'better-sqlite3';
import { inArray } from 'drizzle-orm';
import type { SearchStore } from '../stores/search.ts';
import {
  MATCH_END,
  MATCH_START,
  SNIPPET_WORDS,
  sqliteMatchQuery,
  toHits,
  type SnippetRow,
} from '../search-snippet.ts';
import type { SqliteConnection } from './connection.ts';
import type { GroupCommit } from './group-commit.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { messages } from './schema.ts';

// Reads the FTS5 index `message_search` that migration 0009_message_search (hand-written) creates and its
// triggers keep in step with `messages` and `message_translations`; a new message's rows are written by
// indexForSearch() below (migration 0011 says why not by a trigger).

/** The page of message ids: matches of the original ('') or of a wanted translation, member's conversations only. */
const PAGE = `
  select m.id as id
    from messages m
    join conversation_members cm on cm.conversation_id = m.conversation_id and cm.user_id = @userId
   where m.deleted_at is null
     and (@beforeSeq is null or m.seq < @beforeSeq)
     and m.id in (
       select k.message_id
         from message_search
         join message_search_keys k on k.id = message_search.rowid
        where message_search match @match
          and k.language in (select value from json_each(@languages)))
   order by m.seq desc
   limit @limit`;

const SNIPPETS = `
  select k.message_id as messageId, k.language as language,
         snippet(message_search, 0, @start, @end, '…', @words) as marked
    from message_search
    join message_search_keys k on k.id = message_search.rowid
   where message_search match @match
     and k.message_id in (select value from json_each(@ids))
     and k.language in (select value from json_each(@languages))`;

/**
 * Adds a new message's text to the search index; runs in the message's insert transaction, right after
 * the message's own insert (what 0009's insert trigger did: a key of our own, then the FTS row under it).
 */
export function prepareSearchIndexing(
  sqlite: Database.Database,
): (messageId: string, content: string) => void {
  const key = sqlite.prepare<[string]>(
    "insert into message_search_keys (message_id, language) values (?, '')",
  );
  const text = sqlite.prepare<[number | bigint, string]>(
    'insert into message_search (rowid, body) values (?, ?)',
  );
  return (messageId, content) => {
    text.run(key.run(messageId).lastInsertRowid, content);
  };
}

/** `commits`: hits are handed out once durable, as the message store's reads are (see message-store.ts). */
export function createSearchStore({ sqlite, db }: SqliteConnection, commits: GroupCommit): SearchStore {
  const page = sqlite.prepare<Record<string, unknown>, { id: string }>(PAGE);
  const snippets = sqlite.prepare<Record<string, unknown>, SnippetRow>(SNIPPETS);
  return {
    searchMessages({ userId, words, mentioning, languages, beforeSeq, limit }) {
      const match = sqliteMatchQuery(words, mentioning);
      const searched = JSON.stringify(['', ...languages]);
      const ids = page
        .all({ userId, beforeSeq: beforeSeq ?? null, match, languages: searched, limit })
        .map((row) => row.id);
      if (ids.length === 0) return Promise.resolve([]);
      const views = toMessageViews(db, selectMessageWithSender(db).where(inArray(messages.id, ids)).all());
      views.sort((a, b) => b.seq - a.seq);
      const rows = snippets.all({
        match,
        ids: JSON.stringify(ids),
        languages: searched,
        start: MATCH_START,
        end: MATCH_END,
        words: SNIPPET_WORDS,
      });
      return commits.durable(toHits(views, rows, languages));
    },
  };
}
