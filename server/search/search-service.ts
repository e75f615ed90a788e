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

export class SearchService {
  constructor(private readonly repository: SearchStore & Pick<UserStore, 'findUserById'>) {}

  async searchMessages(userId: string, query: MessageSearchQuery): Promise<MessageSearchPage> {
    const words = searchWords(query.q);
    if (words.length === 0) return { hits: [], nextCursor: null };
    const user = await this.repository.findUserById(userId);
    if (!user) throw unauthenticated('Unknown user');
    const hits = await this.repository.searchMessages({
      userId,
      words,
      languages: searchedLanguages({ ...user, userId }),
      ...(query.before === undefined ? {} : { beforeSeq: query.before }),
      limit: query.limit,
    });
    const oldest = hits.at(-1);
    return { hits, nextCursor: hits.length === query.limit && oldest ? oldest.message.seq : null };
  }
}
