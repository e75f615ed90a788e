import { inArray } from 'drizzle-orm';
import type { SearchStore } from '../stores/search.ts';
import { MATCH_END, MATCH_START, SNIPPET_WORDS, sqliteMatchQuery, toHits } from '../search-snippet.ts';
import type { SqliteConnection } from './connection.ts';
import type { GroupCommit } from './group-commit.ts';
import type { SearchIndex } from './search-index.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { messages } from './schema.ts';

/**
 * The search worker (search-index.ts) finds the ids and snippets; the messages are read here, as the other
 * reads are. `commits`: hits are handed out once durable, as the message store's reads are (message-store.ts).
 */
export function createSearchStore(
  { db }: SqliteConnection,
  commits: GroupCommit,
  index: SearchIndex,
): SearchStore {
  return {
    async searchMessages({ userId, words, mentioning, languages, beforeSeq, limit }) {
      const { ids, snippets } = await index.search({
        userId,
        match: sqliteMatchQuery(words, mentioning),
        languages: ['', ...languages],
        beforeSeq: beforeSeq ?? null,
        limit,
        start: MATCH_START,
        end: MATCH_END,
        words: SNIPPET_WORDS,
      });
      if (ids.length === 0) return [];
      const views = toMessageViews(db, selectMessageWithSender(db).where(inArray(messages.id, ids)).all());
      views.sort((a, b) => b.seq - a.seq);
      return commits.durable(toHits(views, snippets, languages));
    },
  };
}
