import type { MessageSearchHit, SnippetPart } from '../../contract/search.ts';
import type { MessageDto } from '../../contract/messages.ts';

// What both search stores share: the markers their databases put around matched words, and the choice
// of which matching text (original or a translation) a hit shows.

/** Private-use characters: never typed by anyone, so they cannot be confused with a message's own text. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';
/** How many words of context a snippet keeps around the match. */
export const SNIPPET_WORDS = 16;

/** Cuts a database snippet marked with MATCH_START/MATCH_END into plain and matched runs. */
export function parseSnippet(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [index, piece] of marked.split(new RegExp(`[${MATCH_START}${MATCH_END}]`)).entries()) {
    // Pieces alternate: outside a match, inside one, outside…
    if (piece !== '') parts.push({ text: piece, match: index % 2 === 1 });
  }
  return parts;
}

/** The FTS5 query of the words: each quoted (so no word is read as an operator) and a prefix. */
export function sqliteMatchQuery(words: readonly string[]): string {
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

/** The tsquery of the words: each a prefix (`:*`), all required. Words hold only letters, marks and digits. */
export function postgresTsQuery(words: readonly string[]): string {
  return words.map((word) => `'${word.replaceAll("'", "''")}':*`).join(' & ');
}

export interface SnippetRow {
  messageId: string;
  /** '' or null: the original. */
  language: string | null;
  marked: string;
}

/** One hit per message in `messages` order, its snippet from the reader's first language that matched. */
export function toHits(
  messages: readonly MessageDto[],
  snippets: readonly SnippetRow[],
  languages: readonly string[],
): MessageSearchHit[] {
  const rank = (language: string | null) => {
    const index = language === null || language === '' ? -1 : languages.indexOf(language);
    return index < 0 ? languages.length : index;
  };
  const best = new Map<string, SnippetRow>();
  for (const row of snippets) {
    const current = best.get(row.messageId);
    if (current === undefined || rank(row.language) < rank(current.language)) best.set(row.messageId, row);
  }
  return messages.map((message) => {
    const row = best.get(message.id);
    return {
      message,
      matchedLanguage: row === undefined || row.language === '' ? null : row.language,
      snippet: row === undefined ? [{ text: message.content, match: false }] : parseSnippet(row.marked),
    };
  });
}
