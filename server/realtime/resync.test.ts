import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../contract/events.ts';
import type { MessageDto, SyncPage } from '../../contract/messages.ts';
import { type ClientSocket, connectSocket, nextEvent, OpenSockets } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { directConversation, registerUser, type TestUser } from '../../test-support/users.ts';

/** What a client does after every (re)connect: pull pages from its cursor until nothing is left. */
async function resync(socket: ClientSocket, since: number, pageSize: number) {
  const received: MessageDto[] = [];
  let cursor = since;
  for (let pages = 0; pages < 100; pages += 1) {
    const ack = (await socket
      .timeout(5000)
      .emitWithAck('sync', { since: cursor, limit: pageSize })) as Ack<SyncPage>;
    if (!ack.success) throw new Error(ack.error.message);
    received.push(...ack.data.messages);
    cursor = ack.data.cursor;
    if (!ack.data.hasMore) break;
  }
  return { received, cursor };
}

describe('resync after reconnecting', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let conversationId: string;
  const sockets = new OpenSockets();

  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
    [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
    conversationId = await directConversation(t.app, ann, bob);
  });
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  const send = async (socket: ClientSocket, content: string) => {
    const ack = (await socket.timeout(5000).emitWithAck('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      content,
    })) as Ack<SentMessage>;
    if (!ack.success) throw new Error(ack.error.message);
    return ack.data.message;
  };

  it('a client that reconnects with its cursor receives everything it missed, in order, exactly once', async () => {
    const annSocket = await sockets.connect(t.baseUrl, ann.token);
    let bobSocket = await connectSocket(t.baseUrl, bob.token);
    const seenLive = nextEvent(bobSocket, 'message:new');
    const before = await send(annSocket, 'before the outage');
    const cursor = (await seenLive).version;
    expect(cursor).toBe(before.version);
    bobSocket.close();

    const missed: MessageDto[] = [];
    for (let index = 1; index <= 7; index += 1) missed.push(await send(annSocket, `missed ${index}`));
    // A change to a message Bob had already seen counts as missed too.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}/messages/${before.id}`,
      headers: ann.auth,
      payload: { content: 'before the outage (edited)' },
    });

    bobSocket = await sockets.connect(t.baseUrl, bob.token);
    const { received, cursor: newCursor } = await resync(bobSocket, cursor, 3);
    expect(received.map((message) => message.content)).toEqual([
      ...missed.map((message) => message.content),
      'before the outage (edited)',
    ]);
    expect(new Set(received.map((message) => message.id)).size).toBe(received.length);
    const versions = received.map((message) => message.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    // Caught up: nothing more, and the next live message continues after the cursor.
    expect((await resync(bobSocket, newCursor, 3)).received).toEqual([]);
    const live = nextEvent(bobSocket, 'message:new');
    const after = await send(annSocket, 'after');
    expect((await live).id).toBe(after.id);
    expect(after.version).toBeGreaterThan(newCursor);
  });

  it('resync from zero is the full history of the user’s conversations only', async () => {
    const annSocket = await sockets.connect(t.baseUrl, ann.token);
    await send(annSocket, 'ours');
    const eve = await registerUser(t.app);
    const eveSocket = await sockets.connect(t.baseUrl, eve.token);
    const { received } = await resync(eveSocket, 0, 50);
    expect(received).toEqual([]);
  });
});
