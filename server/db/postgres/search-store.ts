import { inArray, sql } from 'drizzle-orm';
import type { SearchStore } from '../stores/search.ts';
import {
  MATCH_END,
  MATCH_START,
  SNIPPET_WORDS,
  postgresTsQuery,
  toHits,
  type SnippetRow,
} from '../search-snippet.ts';
import type { PgConnection } from './connection.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { messages } from './schema.ts';

// The Postgres twin of ../sqlite/search-store.ts. Every match is written to_tsvector('simple', content),
// the expression of the GIN indexes that migration 0006_message_search (hand-written) creates.

export function createSearchStore({ db }: PgConnection): SearchStore {
  return {
    async searchMessages({ userId, words, mentioning, languages, beforeSeq, limit }) {
      // Each word as a prefix, or a mention of someone it names (plainto_tsquery: every piece of the id).
      const wordQuery = (word: string) => {
        const prefix = sql`to_tsquery('simple', ${postgresTsQuery([word])})`;
        const ids = mentioning?.get(word) ?? [];
        if (ids.length === 0) return prefix;
        const mentions = ids.map((id) => sql`plainto_tsquery('simple', ${id})`);
        return sql`(${sql.join([prefix, ...mentions], sql` || `)})`;
      };
      const query = sql`(${sql.join(words.map(wordQuery), sql` && `)})`;
      const wanted = sql`array[${sql.join(
        languages.map((language) => sql`${language}`),
        sql`, `,
      )}]::text[]`;
      const page = await db.execute<{ id: string }>(sql`
        with hits as (
          select id as message_id from messages
           where to_tsvector('simple', content) @@ ${query}
          union
          select message_id from message_translations
           where target_language = any(${wanted}) and to_tsvector('simple', content) @@ ${query})
        select m.id as id
          from hits
          join messages m on m.id = hits.message_id
          join conversation_members cm on cm.conversation_id = m.conversation_id and cm.user_id = ${userId}
         where m.deleted_at is null
           ${beforeSeq === undefined ? sql`` : sql`and m.seq < ${beforeSeq}`}
         order by m.seq desc
         limit ${limit}`);
      const ids = page.rows.map((row) => row.id);
      if (ids.length === 0) return [];
      const views = await toMessageViews(
        db,
        await selectMessageWithSender(db).where(inArray(messages.id, ids)),
      );
      views.sort((a, b) => b.seq - a.seq);
      const options = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=1, MaxWords=${SNIPPET_WORDS}, MinWords=${Math.floor(SNIPPET_WORDS / 2)}, ShortWord=0, FragmentDelimiter=…`;
      const idList = sql`array[${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )}]::text[]`;
      const snippets = await db.execute<{ messageId: string; language: string | null; marked: string }>(sql`
        select id as "messageId", null as language, ts_headline('simple', content, ${query}, ${options}) as marked
          from messages
         where id = any(${idList}) and to_tsvector('simple', content) @@ ${query}
        union all
        select message_id, target_language, ts_headline('simple', content, ${query}, ${options})
          from message_translations
         where message_id = any(${idList}) and target_language = any(${wanted})
           and to_tsvector('simple', content) @@ ${query}`);
      return toHits(views, snippets.rows satisfies SnippetRow[], languages);
    },
  };
}
