import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { openCacheDb, type CacheDb } from './cacheDb.ts';
import { OfflineCache } from './offlineCache.ts';
import { conversationRecord, listRecord } from './records.ts';
import { message, summary } from '../../../../test-support/chat-data.ts';

const ALICE = 'alice@http://server.test';
const BRUNO = 'bruno@http://server.test';
const ALICE_ELSEWHERE = 'alice@https://other.test';

let dbCount = 0;
/** Each test its own database, so none sees another's records. */
function freshDbName(): string {
  dbCount += 1;
  return `cache-test-${String(dbCount)}`;
}

async function saveConversation(cache: OfflineCache, owner: string, id: string, keep?: string[]) {
  const m = message(id, 1);
  await cache.save(
    owner,
    listRecord(owner, 3, [summary(id, 1, m)], {}),
    [conversationRecord(owner, id, [m], {})],
    keep === undefined ? null : new Set(keep),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('offline cache in IndexedDB', () => {
  it('gives back what was saved, for its owner', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    expect(await cache.load(ALICE)).toBeNull();
    await saveConversation(cache, ALICE, 'c1');
    const loaded = await cache.load(ALICE);
    expect(loaded?.list.conversations.map((c) => c.id)).toEqual(['c1']);
    expect(loaded?.conversations.map((c) => [c.conversationId, c.messages.length])).toEqual([['c1', 1]]);
  });

  it('keeps users and servers apart', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    await saveConversation(cache, ALICE, 'c1');
    expect(await cache.load(BRUNO)).toBeNull();
    expect(await cache.load(ALICE_ELSEWHERE)).toBeNull();
    await saveConversation(cache, BRUNO, 'c2');
    expect((await cache.load(BRUNO))?.conversations.map((c) => c.conversationId)).toEqual(['c2']);
    expect((await cache.load(ALICE))?.conversations.map((c) => c.conversationId)).toEqual(['c1']);
  });

  it('deletes everything of one owner on forget, and only theirs', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    await saveConversation(cache, ALICE, 'c1');
    await saveConversation(cache, ALICE_ELSEWHERE, 'c1');
    await saveConversation(cache, BRUNO, 'c2');
    await cache.forget(ALICE);
    expect(await cache.load(ALICE)).toBeNull();
    expect(await cache.load(ALICE_ELSEWHERE)).not.toBeNull();
    expect(await cache.load(BRUNO)).not.toBeNull();
  });

  it('stops the owner’s writers before deleting', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    const stopAlice = vi.fn();
    const stopBruno = vi.fn();
    cache.register(ALICE, stopAlice);
    cache.register(BRUNO, stopBruno);
    await cache.forget(ALICE);
    expect(stopAlice).toHaveBeenCalledOnce();
    expect(stopBruno).not.toHaveBeenCalled();
  });

  it('evicts the conversations that left the list', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    await saveConversation(cache, ALICE, 'c1');
    await saveConversation(cache, ALICE, 'c2', ['c2']);
    expect((await cache.load(ALICE))?.conversations.map((c) => c.conversationId)).toEqual(['c2']);
  });

  it('ignores corrupted entries and keeps the good ones', async () => {
    const name = freshDbName();
    const cache = new OfflineCache(openCacheDb(name));
    await saveConversation(cache, ALICE, 'c1');
    const raw = createStore(name, 'records');
    await set([ALICE, 'conv', 'c2'], { format: 1, owner: ALICE, conversationId: 'c2', messages: 'x' }, raw);
    await set([ALICE, 'conv', 'c3'], 'not even an object', raw);
    expect((await cache.load(ALICE))?.conversations.map((c) => c.conversationId)).toEqual(['c1']);
    await set([ALICE, 'list'], { format: 1, owner: ALICE, conversations: 12 }, raw);
    expect(await cache.load(ALICE)).toBeNull();
  });
});

describe('offline cache without a working IndexedDB', () => {
  it('works as no cache when IndexedDB is missing (private mode)', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    await expect(saveConversation(cache, ALICE, 'c1')).resolves.toBeUndefined();
    await expect(cache.load(ALICE)).resolves.toBeNull();
    await expect(cache.forget(ALICE)).resolves.toBeUndefined();
  });

  it('stops writing after a refused write, and a load that hangs gives up', async () => {
    const write = vi.fn(() => Promise.reject(new Error('QuotaExceededError')));
    const db: CacheDb = {
      read: () => new Promise(() => undefined),
      write,
      forget: () => Promise.reject(new Error('blocked')),
      forgetAllBut: () => Promise.reject(new Error('blocked')),
    };
    const cache = new OfflineCache(db, 20);
    await saveConversation(cache, ALICE, 'c1');
    await saveConversation(cache, ALICE, 'c1');
    expect(write).toHaveBeenCalledOnce();
    await expect(cache.load(ALICE)).resolves.toBeNull();
    await expect(cache.forget(ALICE)).resolves.toBeUndefined();
  });

  it('at start, forgets everyone no longer signed in on this device, and keeps the others', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    await saveConversation(cache, ALICE, 'c1');
    await saveConversation(cache, BRUNO, 'c2');
    await saveConversation(cache, ALICE_ELSEWHERE, 'c3');
    await cache.forgetAllBut(new Set([BRUNO]));
    expect(await cache.load(ALICE)).toBeNull();
    expect(await cache.load(ALICE_ELSEWHERE)).toBeNull();
    expect((await cache.load(BRUNO))?.conversations.map((c) => c.conversationId)).toEqual(['c2']);
  });

  it('a write that fails halfway leaves nothing of it behind', async () => {
    const cache = new OfflineCache(openCacheDb(freshDbName()));
    const m = message('c1', 1);
    // A function cannot be cloned into IndexedDB: the second put throws after the first was accepted.
    const unclonable = { ...conversationRecord(ALICE, 'c1', [m], {}), oops: () => undefined };
    await cache.save(ALICE, listRecord(ALICE, 99, [summary('c1', 1, m)], {}), [unclonable], null);
    expect(await cache.load(ALICE)).toBeNull();
  });
});
