import type { MessageSearchHit, SnippetPart } from '../../contract/search.ts';
import type { MessageDto } from '../../contract/messages.ts';

// What both search stores share: the markers their databases put around matched words, and the choice
// of which matching text (original or a translation) a hit shows.

/** Private-use characters: never typed by anyone, so they cannot be confused with a message's own text. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';
/** How many words of context a snippet keeps around the match. */
export const SNIPPET_WORDS = 16;

const MARKER = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');
/** A mention token (`@` and a user id) as the databases mark it: each part of the id on its own. */
const MARKED_MENTION = new RegExp(`@[0-9a-f${MATCH_START}${MATCH_END}-]{36,}`, 'g');
const MENTION_TOKEN = /^@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * A mention found by its person's name is marked whole, so the client still reads the token (and shows the
 * name) instead of pieces of an id: the tokenizers cut `@<id>` at each hyphen and mark every piece.
 */
function markMentionsWhole(marked: string): string {
  return marked.replace(MARKED_MENTION, (run) => {
    const plain = run.replace(MARKER, '');
    const token = MENTION_TOKEN.exec(plain)?.[0];
    if (token === undefined || plain.length !== token.length || plain === run) return run;
    return `${MATCH_START}${token}${MATCH_END}`;
  });
}

/** Cuts a database snippet marked with MATCH_START/MATCH_END into plain and matched runs. */
export function parseSnippet(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pieces = markMentionsWhole(marked).split(new RegExp(`[${MATCH_START}${MATCH_END}]`));
  for (const [index, piece] of pieces.entries()) {
    // Pieces alternate: outside a match, inside one, outside…
    if (piece !== '') parts.push({ text: piece, match: index % 2 === 1 });
  }
  return parts;
}

/**
 * The FTS5 query of the words: each quoted (so no word is read as an operator) and a prefix, or a mention of
 * someone the word names (the id, quoted: the tokenizer makes it the phrase of its pieces).
 */
export function sqliteMatchQuery(
  words: readonly string[],
  mentioning: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  return words
    .map((word) => {
      const prefix = `"${word.replaceAll('"', '""')}"*`;
      const ids = mentioning.get(word) ?? [];
      return ids.length === 0 ? prefix : `(${[prefix, ...ids.map((id) => `"${id}"`)].join(' OR ')})`;
    })
    .join(' AND ');
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
