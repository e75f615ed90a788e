import type { MessageSearchPage, MessageSearchQuery } from '../../contract/search.ts';
import { searchWords } from '../../contract/search.ts';
import type { SearchStore } from '../db/stores/search.ts';
import type { UserStore } from '../db/stores/users.ts';
import { wantedLanguages } from '../translation/targets.ts';
import { unauthenticated } from '../errors.ts';

/** The languages whose translations a reader's search covers: the ones they read messages in, preferred first. */
export function searchedLanguages(reader: Parameters<typeof wantedLanguages>[0]): string[] {
  const languages: string[] = [];
  for (const language of wantedLanguages(reader)) {
    // A reader of "pt-BR" reads translations stored as "pt" too (targets.ts `sameLanguage`).
    for (const code of [language, language.split('-')[0] ?? language]) {
      if (!languages.includes(code)) languages.push(code);
    }
  }
  return languages;
}

/** People a word may name, at most: a mention search stays one bounded query however common the word. */
const NAMED_PEOPLE_MAX = 50;

export class SearchService {
  constructor(
    private readonly repository: SearchStore & Pick<UserStore, 'findUserById' | 'findUsersNamedLike'>,
  ) {}

  /**
   * For each word that starts a word of people's display names or usernames, those people: a message that
   * mentions one of them (stored as `@<id>`, shown with the name) is found by the name, as it is read.
   * One-letter words name too many people to mean any of them.
   */
  private async namedPeople(words: readonly string[]): Promise<Map<string, string[]>> {
    const named = new Map<string, string[]>();
    for (const word of words) {
      if (Array.from(word).length < 2) continue;
      const people = await this.repository.findUsersNamedLike(word, NAMED_PEOPLE_MAX);
      const ids = people
        .filter((person) =>
          [...searchWords(person.displayName), ...searchWords(person.username)].some((nameWord) =>
            nameWord.startsWith(word),
          ),
        )
        .map((person) => person.id);
      if (ids.length > 0) named.set(word, ids);
    }
    return named;
  }

  async searchMessages(userId: string, query: MessageSearchQuery): Promise<MessageSearchPage> {
    const words = searchWords(query.q);
    if (words.length === 0) return { hits: [], nextCursor: null };
    const user = await this.repository.findUserById(userId);
    if (!user) throw unauthenticated('Unknown user');
    const hits = await this.repository.searchMessages({
      userId,
      words,
      mentioning: await this.namedPeople(words),
      languages: searchedLanguages({ ...user, userId }),
      ...(query.before === undefined ? {} : { beforeSeq: query.before }),
      limit: query.limit,
    });
    const oldest = hits.at(-1);
    return { hits, nextCursor: hits.length === query.limit && oldest ? oldest.message.seq : null };
  }
}
