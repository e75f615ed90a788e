import type { MessageSearchHit } from '../../../contract/search.ts';

// Full-text search over the messages of a user's conversations, in their originals and translations.

export interface MessageSearchRequest {
  userId: string;
  /** Lower-cased words (contract/search.ts `searchWords`), each matched as a word or a word's start; never empty. */
  words: readonly string[];
  /**
   * For a word that starts a word of some people's names: their ids. A message mentioning one of them (the
   * text holds `@<id>`, contract/mentions.ts) matches that word as if it held the name.
   */
  mentioning?: ReadonlyMap<string, readonly string[]>;
  /** The translations searched besides the originals, the reader's preferred language first. */
  languages: readonly string[];
  /** Only hits older than this message seq. */
  beforeSeq?: number;
  limit: number;
}

export interface SearchStore {
  /**
   * Live messages, newest first, of the conversations the user is a member of at the time of the search
   * (a conversation they left or were removed from is never searched, its old messages included), whose
   * original or a translation into one of `languages` holds every word. The snippet is taken from the
   * matching text the reader would rather read: the first of `languages` that matched, else the original.
   */
  searchMessages(request: MessageSearchRequest): Promise<MessageSearchHit[]>;
}
