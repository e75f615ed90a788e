import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageSearchHit } from '../../contract/search.ts';
import { addGroup, addUser } from './repository.contract.ts';
import type { ChatRepository } from './repository.ts';

// The search every storage implementation owes the server (./repository.contract.test.ts runs it on each):
// the same words find the same messages, with the same snippet, on SQLite (FTS5) and Postgres (tsvector).

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

async function send(repository: ChatRepository, conversationId: string, senderId: string, content: string) {
  const { message } = await repository.insertMessage({
    id: randomUUID(),
    conversationId,
    senderId,
    clientMessageId: randomUUID(),
    content,
    originalLanguage: 'fr',
    replyToId: null,
    createdAt: at(2),
  });
  return message;
}

/** Every due job at the test clock's second 59, claims given back at once (the next look sees them all again). */
async function dueJobs(repository: ChatRepository) {
  const jobs = await repository.claimTranslationJobs({
    owner: 'search-contract',
    now: at(59),
    leaseUntil: at(89),
    limit: 100,
    exclude: [],
  });
  await repository.releaseTranslationJobClaims();
  return jobs;
}

/** Stores a translation the way the orchestrator does: fan-out job expanded, then the result saved. */
async function translate(repository: ChatRepository, messageId: string, language: string, content: string) {
  const jobs = await dueJobs(repository);
  const fanOut = jobs.find((job) => job.messageId === messageId && job.targetLanguage === null);
  if (fanOut) await repository.expandTranslationJob(fanOut.id, 'fr', [language], at(3));
  else await repository.enqueueTranslation(messageId, language, 'basic', at(3));
  const job = (await dueJobs(repository)).find(
    (candidate) => candidate.messageId === messageId && candidate.targetLanguage === language,
  );
  if (!job) throw new Error(`no ${language} job for ${messageId}`);
  await repository.saveTranslation(
    job.id,
    {
      messageId,
      sourceLanguage: 'fr',
      targetLanguage: language,
      content,
      tier: 'basic',
      model: 'm',
      confidence: 1,
    },
    at(4),
  );
}

const texts = (hits: MessageSearchHit[]) => hits.map((hit) => hit.message.content);
const marked = (hit: MessageSearchHit | undefined) =>
  hit?.snippet.map((part) => (part.match ? `[${part.text}]` : part.text)).join('');

export function describeSearch(name: string, open: () => Promise<ChatRepository>): void {
  describe(`search contract: ${name}`, () => {
    let repository: ChatRepository;
    beforeEach(async () => {
      repository = await open();
    });
    afterEach(async () => {
      await repository.close();
    });

    it('finds words and word starts in the original, case aside, newest first, with the match marked', async () => {
      const ann = await addUser(repository, 'Ann');
      const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const older = await send(repository, group, ann.id, 'Le Marché ouvre demain matin');
      const newer = await send(repository, group, ann.id, 'Rendez-vous au marché, puis au café');
      await send(repository, group, ann.id, 'rien à voir');
      const search = (words: string[]) =>
        repository.searchMessages({ userId: ann.id, words, languages: [], limit: 10 });

      expect(texts(await search(['marché']))).toEqual([newer.content, older.content]);
      expect(texts(await search(['march']))).toEqual([newer.content, older.content]);
      expect(texts(await search(['marché', 'demain']))).toEqual([older.content]);
      expect(await search(['absent'])).toEqual([]);
      const [hit] = await search(['demain']);
      expect(marked(hit)).toBe('Le Marché ouvre [demain] matin');
      expect(hit?.matchedLanguage).toBeNull();
    });

    it('a word finds the messages mentioning the people it names, the mention marked whole', async () => {
      const ann = await addUser(repository, 'Ann');
      const bruno = await addUser(repository, 'Bruno');
      const group = await addGroup(repository, [
        { userId: ann.id, role: 'admin' },
        { userId: bruno.id, role: 'member' },
      ]);
      const mention = await send(repository, group, ann.id, `Demain avec @${bruno.id} ?`);
      const written = await send(repository, group, ann.id, 'Bruno arrive demain');
      await send(repository, group, ann.id, 'Rien de neuf');
      const search = (words: string[], mentioning = new Map([['bru', [bruno.id]]])) =>
        repository.searchMessages({ userId: ann.id, words, mentioning, languages: [], limit: 10 });

      expect(texts(await search(['bru']))).toEqual([written.content, mention.content]);
      // Every word still has to match: the mention stands for one word, the others are words of the text.
      expect(texts(await search(['bru', 'avec']))).toEqual([mention.content]);
      const [hit] = await search(['avec', 'bru']);
      // (Postgres's headline ends at the last word: the trailing "?" may go.)
      expect(marked(hit)).toMatch(new RegExp(`^Demain \\[avec\\] \\[@${bruno.id}\\]( \\?)?$`));
      // Without the name's people, the id's pieces are not words anyone searches for.
      expect(texts(await search(['bru'], new Map()))).toEqual([written.content]);
      expect(await repository.findUsersNamedLike('BRUNO disp', 5)).toEqual([
        { id: bruno.id, username: 'Bruno', displayName: 'Bruno Display' },
      ]);
    });

    it('searches the translations into the languages asked for, not the others, and pages by seq', async () => {
      const ann = await addUser(repository, 'Ann');
      const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const first = await send(repository, group, ann.id, 'Bonjour à tous');
      const second = await send(repository, group, ann.id, 'Bonjour encore');
      await translate(repository, first.id, 'en', 'Hello everyone');
      await translate(repository, second.id, 'en', 'Hello again');
      await translate(repository, second.id, 'de', 'Hallo nochmal');

      const english = await repository.searchMessages({
        userId: ann.id,
        words: ['hello'],
        languages: ['en'],
        limit: 1,
      });
      expect(english.map((hit) => hit.message.id)).toEqual([second.id]);
      expect(english[0]?.matchedLanguage).toBe('en');
      expect(marked(english[0])).toBe('[Hello] again');
      const next = await repository.searchMessages({
        userId: ann.id,
        words: ['hello'],
        languages: ['en'],
        beforeSeq: second.seq,
        limit: 1,
      });
      expect(next.map((hit) => hit.message.id)).toEqual([first.id]);
      expect(
        await repository.searchMessages({ userId: ann.id, words: ['hallo'], languages: ['en'], limit: 5 }),
      ).toEqual([]);
      expect(
        (
          await repository.searchMessages({ userId: ann.id, words: ['hallo'], languages: ['de'], limit: 5 })
        ).map((hit) => hit.message.id),
      ).toEqual([second.id]);
    });

    it('follows edits and deletions: old words stop matching, new ones match', async () => {
      const ann = await addUser(repository, 'Ann');
      const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const message = await send(repository, group, ann.id, 'pomme rouge');
      await translate(repository, message.id, 'en', 'red apple');
      const search = (word: string) =>
        repository.searchMessages({ userId: ann.id, words: [word], languages: ['en'], limit: 5 });
      await repository.editMessage(message.id, 'poire verte', at(5));
      expect(await search('pomme')).toEqual([]);
      expect(await search('apple')).toEqual([]);
      expect(texts(await search('poire'))).toEqual(['poire verte']);
      await repository.deleteMessage(message.id, at(6));
      expect(await search('poire')).toEqual([]);
    });

    it('never returns a conversation the user left or was removed from, older messages included', async () => {
      const ann = await addUser(repository, 'Ann');
      const bob = await addUser(repository, 'Bob');
      const eve = await addUser(repository, 'Eve');
      const members = [ann, bob, eve].map((user, index) => ({
        userId: user.id,
        role: index === 0 ? ('admin' as const) : ('member' as const),
      }));
      const group = await addGroup(repository, members);
      const other = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
      const before = await send(repository, group, ann.id, 'secret plan');
      await translate(repository, before.id, 'en', 'secret plan');
      await send(repository, other, ann.id, 'secret elsewhere');
      const search = (userId: string) =>
        repository.searchMessages({ userId, words: ['secret'], languages: ['en'], limit: 5 });
      expect(texts(await search(bob.id))).toEqual(['secret plan']);
      expect(texts(await search(eve.id))).toEqual(['secret plan']);

      await repository.removeMember(group, bob.id);
      await repository.removeMember(group, eve.id);
      await send(repository, group, ann.id, 'secret after');
      expect(await search(bob.id)).toEqual([]);
      expect(await search(eve.id)).toEqual([]);
      expect(texts(await search(ann.id))).toEqual(['secret after', 'secret elsewhere', 'secret plan']);
    });
  });
}
