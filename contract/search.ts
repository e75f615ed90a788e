import { z } from 'zod';
import { LIMITS } from './limits.ts';
import type { MessageDto } from './messages.ts';

export const messageSearchQuerySchema = z.object({
  /** Words to find; each must appear (as a word or the start of one) in the original or a translation. */
  q: z.string().trim().min(1).max(LIMITS.searchQueryMaxLength),
  /** Cursor from a previous page: hits strictly older (lower `seq`) than it. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.searchPageMax).default(LIMITS.searchPageDefault),
});
export type MessageSearchQuery = z.infer<typeof messageSearchQuerySchema>;

/** A run of the matched text; `match` runs are the words found, for the client to highlight. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface MessageSearchHit {
  message: MessageDto;
  /** The language of the translation that matched; null when the match is in the original text. */
  matchedLanguage: string | null;
  /** A short excerpt of the matched text around the words found. */
  snippet: SnippetPart[];
}

export interface MessageSearchPage {
  /** Newest first, across every conversation the user is a member of now. */
  hits: MessageSearchHit[];
  /** Pass as `before` for the next (older) page; null when there are no more. */
  nextCursor: number | null;
}

/**
 * The words of a query as both databases match them: runs of letters and digits
 * (the other characters separate words, as the full-text tokenizers do), lower-cased, each once, at most
 * `LIMITS.searchWordsMax`. Empty when the query has no word (only punctuation): nothing to search.
 */
export function searchWords(query: string): string[] {
  const words: string[] = [];
  for (const match of query.toLowerCase().matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (!words.includes(match[0])) words.push(match[0]);
    if (words.length === LIMITS.searchWordsMax) break;
  }
  return words;
}
