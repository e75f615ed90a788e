import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../../contract/events.ts';
import type { SyncPage } from '../../../contract/messages.ts';
import { OpenSockets, recordEvents, type ClientSocket } from '../../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../../test-support/test-app.ts';
import { makeTempDir, sleep } from '../../../test-support/temp-dir.ts';
import { directConversation, registerUser, type TestUser } from '../../../test-support/users.ts';
import { openSqliteRepository } from './repository.ts';
import { walSyncerOf, type WalSync, type WalSyncer } from './wal-sync.ts';

/**
 * The real server over SQLite, with the WAL sync that answers each group commit (group-commit.ts) wrapped so
 * the test decides when it finishes: a send must not be acknowledged, nor broadcast, nor handed out by a
 * read, before the sync that makes it durable has finished.
 */
describe('a send is answered only once its WAL sync has finished (reliability.md §3)', () => {
  let t: TestApp | undefined;
  let syncer: WalSyncer | undefined;
  let folder = '';
  /** Finishes a sync the test still holds, so that closing the app (which waits for it) cannot hang. */
  let release: () => void = () => undefined;
  const sockets = new OpenSockets();
  afterEach(async () => {
    release();
    sockets.closeAll();
    await t?.close();
    await syncer?.close();
    fs.rmSync(folder, { recursive: true, force: true });
    t = undefined;
    syncer = undefined;
  });

  const start = async (syncWal: (file: string) => WalSync) => {
    folder = makeTempDir('meeshy-acks-sync-');
    const file = path.join(folder, 'meeshy.sqlite');
    t = await createTestApp({
      repository: openSqliteRepository(file, undefined, { syncWal: syncWal(file) }),
    });
    await t.listen();
    const [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
    const conversationId = await directConversation(t.app, ann, bob);
    return {
      file,
      ann,
      bob,
      conversationId,
      annSocket: await sockets.connect(t.baseUrl, ann.token),
      bobSocket: await sockets.connect(t.baseUrl, bob.token),
    };
  };
  const send = (socket: ClientSocket, conversationId: string, clientMessageId: string) =>
    socket
      .timeout(30_000)
      .emitWithAck('message:send', { conversationId, clientMessageId, content: 'hello' }) as Promise<
      Ack<SentMessage>
    >;
  const storedRows = (file: string, clientMessageId: string) => {
    const reader = new Database(file, { readonly: true });
    try {
      return reader
        .prepare('select count(*) from messages where client_message_id = ?')
        .pluck()
        .get(clientMessageId);
    } finally {
      reader.close();
    }
  };
  const history = (app: TestApp, user: TestUser, conversationId: string) =>
    app.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}/messages`,
      headers: user.auth,
    });

  it('holds the ack, the broadcast, a retry, a history read and the conversation list until the sync finishes', async () => {
    const timeline: string[] = [];
    let syncCalled: () => void = () => undefined;
    const firstSyncCalled = new Promise<void>((resolve) => (syncCalled = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const { file, bob, conversationId, annSocket, bobSocket } = await start((databaseFile) => {
      syncer = walSyncerOf(databaseFile);
      const real = syncer;
      return async () => {
        timeline.push('sync started');
        syncCalled();
        await released;
        await real.sync();
        timeline.push('sync finished');
      };
    });
    const live = recordEvents(bobSocket, 'message:new');
    bobSocket.on('message:new', () => timeline.push('broadcast'));
    const clientMessageId = randomUUID();

    const acked = send(annSocket, conversationId, clientMessageId).then((ack) => {
      timeline.push('ack');
      return ack;
    });
    await firstSyncCalled;
    // The message is committed (another connection reads it), but its sync has not finished.
    expect(storedRows(file, clientMessageId)).toBe(1);
    // A retry of the same send, and a history read, both see it stored: they must wait too.
    const retried = send(annSocket, conversationId, clientMessageId).then((ack) => {
      timeline.push('retry ack');
      return ack;
    });
    const page = history(t as TestApp, bob, conversationId).then((response) => {
      timeline.push('history');
      return response;
    });
    // So does the conversation list, whose last message and unread count show it.
    const list = (t as TestApp).app
      .inject({ method: 'GET', url: '/api/conversations', headers: bob.auth })
      .then((response) => {
        timeline.push('list');
        return response;
      });
    // Time enough for any answer that did not wait to arrive.
    await sleep(300);
    expect(timeline).toEqual(['sync started']);

    release();
    const [ack, retry, response, listed] = await Promise.all([acked, retried, page, list]);
    expect(ack).toMatchObject({ success: true, data: { duplicate: false } });
    expect(retry).toMatchObject({ success: true, data: { duplicate: true } });
    expect(response.json<{ messages: { clientMessageId: string }[] }>().messages).toEqual([
      expect.objectContaining({ clientMessageId }),
    ]);
    expect(listed.json()).toContainEqual(
      expect.objectContaining({
        unreadCount: 1,
        lastMessage: expect.objectContaining({ clientMessageId }) as unknown,
      }),
    );
    for (let attempt = 0; attempt < 100 && live.length === 0; attempt += 1) await sleep(50);
    expect(live).toHaveLength(1);
    expect(timeline.indexOf('sync finished')).toBe(1);
    // The retry is answered by its own insert (a no-op on the client id's unique key), whose batch is synced
    // in turn: the timeline's later syncs are that one's.
    const answers = timeline.slice(2).filter((entry) => !entry.startsWith('sync '));
    expect(answers.sort()).toEqual(['ack', 'broadcast', 'history', 'list', 'retry ack']);
  });

  it('fails the ack of a send whose sync failed, and shows it nowhere afterwards', async () => {
    const { bob, conversationId, annSocket, bobSocket } = await start(
      () => () => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
    );
    const live = recordEvents(bobSocket, 'message:new');
    const clientMessageId = randomUUID();

    const ack = await send(annSocket, conversationId, clientMessageId);
    expect(ack).toMatchObject({ success: false, error: { code: 'STORAGE_FAILED' } });
    expect(ack.success ? '' : ack.error.message).toMatch(
      /could not make its database durable on disk \(EIO: i\/o error/,
    );
    // Bob's own request is answered on his socket after anything the send could have broadcast to him.
    const bobSync = (await bobSocket
      .timeout(30_000)
      .emitWithAck('sync', { since: 0, limit: 50 })) as Ack<SyncPage>;
    expect(bobSync).toMatchObject({ success: false, error: { code: 'STORAGE_FAILED' } });
    expect(live).toEqual([]);
    // A retry finds the row the commit left, but is not told it is stored; nor is a history read.
    expect(await send(annSocket, conversationId, clientMessageId)).toMatchObject({
      success: false,
      error: { code: 'STORAGE_FAILED' },
    });
    const page = await history(t as TestApp, bob, conversationId);
    expect(page.statusCode).toBe(503);
    expect(page.json()).toMatchObject({ error: { code: 'STORAGE_FAILED' } });
    // A new send is refused before it is written.
    expect(await send(annSocket, conversationId, randomUUID())).toMatchObject({
      success: false,
      error: { code: 'STORAGE_FAILED' },
    });
    // Nothing else is written or read on that file either: a reaction, the account behind a token.
    const me = await (t as TestApp).app.inject({ method: 'GET', url: '/api/auth/me', headers: bob.auth });
    expect(me.statusCode).toBe(503);
    expect(me.json()).toMatchObject({ error: { code: 'STORAGE_FAILED' } });
    // And the operator sees why in /health (a supervisor or load balancer takes it out of service).
    const health = await (t as TestApp).app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({
      status: 'degraded',
      components: {
        database: { status: 'down', detail: expect.stringMatching(/durable on disk/) as unknown },
      },
    });
  });
});
