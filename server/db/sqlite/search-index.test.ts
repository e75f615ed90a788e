import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { waitUntil } from '../../../test-support/wait-until.ts';
import { addGroup, addUser } from '../repository.contract.ts';
import type { ChatRepository } from '../repository.ts';
import { searchIndexFileOf } from './search-index-file.ts';
import { openSqliteRepository } from './repository.ts';

// The search index's own file and worker (search-index-file.ts, search-index.ts): a search waits for the
// index, a restart indexes what was committed but not indexed, and an index ahead of its database is rebuilt.

/** Long enough that, in these tests, only a search (or a start) makes the worker index anything. */
const HELD_BACK_MS = 600_000;

describe('the search index file', () => {
  const opened: ChatRepository[] = [];
  let dir = '';
  const file = () => path.join(dir, 'chat.sqlite');
  const open = (searchGatherMs = HELD_BACK_MS) => {
    const repository = openSqliteRepository(file(), undefined, { searchGatherMs });
    opened.push(repository);
    return repository;
  };
  const close = async (repository: ChatRepository) => {
    opened.splice(opened.indexOf(repository), 1);
    await repository.close();
  };
  afterEach(async () => {
    for (const repository of opened.splice(0)) await repository.close();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  /** The change counter's value the search file says it has indexed through, and the database's own. */
  const progress = () => {
    const search = new Database(searchIndexFileOf(file()), { readonly: true });
    const chat = new Database(file(), { readonly: true });
    try {
      return {
        indexed: search.prepare('select indexed_through from search_progress').pluck().get() as number,
        committed: chat.prepare('select value from change_counter').pluck().get() as number,
      };
    } finally {
      search.close();
      chat.close();
    }
  };

  const setUp = async (repository: ChatRepository) => {
    const ann = await addUser(repository, 'Ann');
    const group = await addGroup(repository, [{ userId: ann.id, role: 'admin' }]);
    const send = async (content: string, on = repository) =>
      (
        await on.insertMessage({
          id: randomUUID(),
          conversationId: group,
          senderId: ann.id,
          clientMessageId: randomUUID(),
          content,
          originalLanguage: 'fr',
          replyToId: null,
          createdAt: new Date().toISOString(),
        })
      ).message;
    const found = async (word: string, on = repository) =>
      (await on.searchMessages({ userId: ann.id, words: [word], languages: [], limit: 10 })).map(
        (hit) => hit.message.content,
      );
    return { ann, group, send, found };
  };

  it('a search finds a send acknowledged before it though the worker had not indexed it yet', async () => {
    dir = makeTempDir('meeshy-search-index-');
    const repository = open();
    const { send, found } = await setUp(repository);
    expect(await found('marché')).toEqual([]);
    // The worker is up to date; the send is not indexed (held back) until a search asks.
    await send('Le marché ouvre demain');
    expect(progress().indexed).toBeLessThan(progress().committed);

    expect(await found('marché')).toEqual(['Le marché ouvre demain']);
    expect(progress().indexed).toBe(progress().committed);
  });

  it('follows an edit and a deletion of messages it never indexed', async () => {
    dir = makeTempDir('meeshy-search-index-');
    const repository = open();
    const { send, found } = await setUp(repository);
    const edited = await send('Le marché ouvre demain');
    const deleted = await send('Le marché ferme ce soir');
    await repository.editMessage(edited.id, 'La gare ouvre demain', new Date().toISOString());
    await repository.deleteMessage(deleted.id, new Date().toISOString());

    expect(await found('marché')).toEqual([]);
    expect(await found('gare')).toEqual(['La gare ouvre demain']);
    // And once indexed, an edit replaces the rows it indexed.
    await repository.editMessage(edited.id, 'Le marché est loin', new Date().toISOString());
    expect(await found('gare')).toEqual([]);
    expect(await found('marché')).toEqual(['Le marché est loin']);
  });

  it('after a restart, indexes what was committed while it was not running, before any search', async () => {
    dir = makeTempDir('meeshy-search-index-');
    const first = open();
    const { send, found } = await setUp(first);
    await send('Le marché ouvre demain');
    expect(await found('marché')).toEqual(['Le marché ouvre demain']);
    await send('La gare ferme ce soir');
    await close(first);
    // Committed, never indexed: the held-back worker was stopped first (as a crash would stop it).
    expect(progress().indexed).toBeLessThan(progress().committed);

    const second = open();
    // (The file may still be being created: read it only once it answers.)
    const caughtUp = () => {
      try {
        const { indexed, committed } = progress();
        return indexed === committed;
      } catch {
        return false;
      }
    };
    await waitUntil(caughtUp, {
      what: 'the catch-up at start',
      timeoutMs: 30_000,
      lastSeen: () => JSON.stringify(progress()),
    });
    expect(await found('gare', second)).toEqual(['La gare ferme ce soir']);
    expect(await found('marché', second)).toEqual(['Le marché ouvre demain']);
  });

  it('an index ahead of its database (restored from an older copy) is rebuilt from the database', async () => {
    dir = makeTempDir('meeshy-search-index-');
    const first = open();
    const { send, found } = await setUp(first);
    await send('Le marché ouvre demain');
    await close(first);
    const older = path.join(dir, 'older.sqlite');
    fs.copyFileSync(file(), older);
    const second = open();
    await send('La gare ferme ce soir', second);
    expect(await found('gare', second)).toEqual(['La gare ferme ce soir']);
    await close(second);

    fs.copyFileSync(older, file());
    const third = open();
    // Sent at once, before the worker has started (as a power cut's lost commits are sent again): the
    // counter passes where the index says it is, which must not hide these from it.
    await send('La plage est loin', third);
    await send('Le soleil se couche', third);
    expect(await found('gare', third)).toEqual([]);
    expect(await found('plage', third)).toEqual(['La plage est loin']);
    expect(await found('soleil', third)).toEqual(['Le soleil se couche']);
    expect(await found('marché', third)).toEqual(['Le marché ouvre demain']);
    expect(progress().indexed).toBe(progress().committed);
  });
});
