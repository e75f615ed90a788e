import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTimelines } from '../chat/timelineStore.ts';
import { requestTicket, useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { openCacheDb } from './cacheDb.ts';
import { startCacheWriter } from './cacheWriter.ts';
import { applyCachedState } from './hydrate.ts';
import { OfflineCache } from './offlineCache.ts';
import { french, message, summary } from '../../../../test-support/chat-data.ts';

const OWNER = 'alice@http://server.test';
let dbCount = 0;

function resetStores() {
  useConversations.getState().reset();
  useTimelines.getState().reset();
  useTranslations.getState().clear();
}

/** A session that read conversation c1 (two messages, one translated) in a list of two. */
function readSession() {
  const first = message('c1', 1);
  const second = message('c1', 2);
  useConversations.getState().setList([summary('c1', 2, second), summary('c2', 1)]);
  useTimelines.getState().applyPage('c1', { messages: [first, second], nextCursor: null }, false);
  useTranslations.getState().applyTranslation(french(second, 'le deuxième'));
  return { first, second };
}

beforeEach(() => {
  resetStores();
  dbCount += 1;
});

function newCache() {
  return new OfflineCache(openCacheDb(`writer-test-${String(dbCount)}`));
}

describe('cache writer and start from the cache', () => {
  it('a new session shows the list, the opened conversation and its translations from the cache', async () => {
    const cache = newCache();
    const writer = startCacheWriter(cache, OWNER, { isCurrent: () => true, cursor: () => 7 }, { delayMs: 5 });
    const { second } = readSession();
    await writer.flush();
    writer.stop();

    resetStores();
    const cached = await cache.load(OWNER);
    if (cached === null) throw new Error('nothing cached');
    expect(applyCachedState(cached)).toBe(true);
    expect(cached.list.cursor).toBe(7);
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['c1', 'c2']);
    const timeline = useTimelines.getState().timelines['c1'];
    expect(timeline?.messages.map((m) => m.seq)).toEqual([1, 2]);
    // Not loaded from the server: its first page will still be asked for and set the older-page cursor.
    expect(timeline?.loadedOnce).toBe(false);
    expect(useTimelines.getState().timelines['c2']).toBeUndefined();
    expect(useTranslations.getState().entries[second.id]?.['fr']).toMatchObject({ content: 'le deuxième' });
  });

  it('gives way to the server’s list: a conversation the user was removed from disappears', async () => {
    const cache = newCache();
    const writer = startCacheWriter(cache, OWNER, { isCurrent: () => true, cursor: () => 7 }, { delayMs: 5 });
    readSession();
    await writer.flush();
    writer.stop();
    resetStores();
    const cached = await cache.load(OWNER);
    if (cached === null) throw new Error('nothing cached');
    applyCachedState(cached);
    // The cache is applied before any request is made (the engine awaits it), so the server's list comes
    // after it and replaces it.
    const ticket = requestTicket();
    useConversations.getState().setList([summary('c2', 1)], ticket);
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['c2']);
  });

  it('never replaces a list the server already gave', async () => {
    const cache = newCache();
    const writer = startCacheWriter(cache, OWNER, { isCurrent: () => true, cursor: () => 7 }, { delayMs: 5 });
    readSession();
    await writer.flush();
    writer.stop();
    resetStores();
    useConversations.getState().setList([summary('c3', 5)]);
    const cached = await cache.load(OWNER);
    if (cached === null) throw new Error('nothing cached');
    expect(applyCachedState(cached)).toBe(false);
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['c3']);
  });

  it('writes after a short delay, and the server’s list evicts a conversation the user was removed from', async () => {
    const cache = newCache();
    const writer = startCacheWriter(cache, OWNER, { isCurrent: () => true, cursor: () => 7 }, { delayMs: 5 });
    readSession();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await cache.load(OWNER))?.conversations.map((c) => c.conversationId)).toEqual(['c1']);
    useConversations.getState().setList([summary('c2', 1)]);
    await writer.flush();
    const cached = await cache.load(OWNER);
    expect(cached?.list.conversations.map((c) => c.id)).toEqual(['c2']);
    expect(cached?.conversations).toEqual([]);
    writer.stop();
  });

  it('writes nothing before any list, once stopped, or for a session that has ended', async () => {
    const cache = newCache();
    let signedIn = true;
    const writer = startCacheWriter(
      cache,
      OWNER,
      { isCurrent: () => signedIn, cursor: () => 7 },
      { delayMs: 5 },
    );
    useTimelines.getState().applyPage('c1', { messages: [message('c1', 1)], nextCursor: null }, false);
    await writer.flush();
    expect(await cache.load(OWNER)).toBeNull();
    signedIn = false;
    readSession();
    await writer.flush();
    expect(await cache.load(OWNER)).toBeNull();
    signedIn = true;
    writer.stop();
    await writer.flush();
    expect(await cache.load(OWNER)).toBeNull();
  });

  it('forgetting the owner stops the writer and empties the cache', async () => {
    const cache = newCache();
    const writer = startCacheWriter(cache, OWNER, { isCurrent: () => true, cursor: () => 7 }, { delayMs: 5 });
    readSession();
    await writer.flush();
    await cache.forget(OWNER);
    useConversations.getState().setList([summary('c9', 9)]);
    await writer.flush();
    expect(await cache.load(OWNER)).toBeNull();
  });

  it('a writer taking over from another window writes all it has at once, unchanged or not', async () => {
    const cache = newCache();
    readSession();
    const writer = startCacheWriter(
      cache,
      OWNER,
      { isCurrent: () => true, cursor: () => 9 },
      { delayMs: 5, storesMatchCache: false },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    writer.stop();
    const cached = await cache.load(OWNER);
    expect(cached?.list.cursor).toBe(9);
    expect(cached?.conversations.map((c) => c.conversationId)).toEqual(['c1']);
  });
});
