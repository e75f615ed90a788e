import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../contract/conversations.ts';
import type { Ack, SentMessage, SocketSendMessage } from '../../contract/events.ts';
import type { MessageDto, SyncPage } from '../../contract/messages.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import {
  type ClientSocket,
  connected,
  connectSocket,
  nextEvent,
  openSocket,
  OpenSockets,
  recordEvents,
} from '../../test-support/sockets.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { directConversation, registerUser, type TestUser } from '../../test-support/users.ts';

const sendOverSocket = (
  socket: ClientSocket,
  payload: Partial<SocketSendMessage> & Record<string, unknown>,
) => socket.timeout(5000).emitWithAck('message:send', payload) as Promise<Ack<SentMessage>>;

describe('realtime chat over Socket.IO', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let conversationId: string;
  const sockets = new OpenSockets();
  const connect = (user: TestUser) => sockets.connect(t.baseUrl, user.token);

  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
    [ann, bob, eve] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    conversationId = await directConversation(t.app, ann, bob);
  });
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  it('two users chat in real time, both ways, with acknowledgements', async () => {
    const [annSocket, bobSocket] = [await connect(ann), await connect(bob)];
    const bobReceives = nextEvent(bobSocket, 'message:new', (message) => message.content === 'Salut Bob');
    const ack = await sendOverSocket(annSocket, {
      conversationId,
      clientMessageId: randomUUID(),
      content: 'Salut Bob',
      originalLanguage: 'fr',
    });
    expect(ack.success).toBe(true);
    const received = await bobReceives;
    expect(ack.success && ack.data.messageId).toBe(received.id);
    expect(received).toMatchObject({ sender: { id: ann.id }, originalLanguage: 'fr', conversationId });

    const annReceives = nextEvent(annSocket, 'message:new', (message) => message.content === 'Hi Ann');
    await sendOverSocket(bobSocket, { conversationId, clientMessageId: randomUUID(), content: 'Hi Ann' });
    expect((await annReceives).sender.id).toBe(bob.id);
  });

  it('a duplicate send returns the original message and is broadcast once', async () => {
    const [annSocket, bobSocket] = [await connect(ann), await connect(bob)];
    const seenByBob = recordEvents(bobSocket, 'message:new');
    const payload = { conversationId, clientMessageId: randomUUID(), content: 'once' };
    const first = await sendOverSocket(annSocket, payload);
    const retry = await sendOverSocket(annSocket, payload);
    expect(first.success && retry.success).toBe(true);
    if (!first.success || !retry.success) return;
    expect(retry.data).toMatchObject({ duplicate: true, messageId: first.data.messageId });
    expect(retry.data.message).toEqual(first.data.message);
    await sleep(200);
    expect(seenByBob.map((message) => message.id)).toEqual([first.data.messageId]);
  });

  it('edits, deletes, reactions and read receipts reach the room', async () => {
    const [annSocket, bobSocket] = [await connect(ann), await connect(bob)];
    const ack = await sendOverSocket(annSocket, {
      conversationId,
      clientMessageId: randomUUID(),
      content: 'v1',
    });
    if (!ack.success) throw new Error('send failed');
    const base = `/api/conversations/${conversationId}/messages/${ack.data.messageId}`;

    const edited = nextEvent(bobSocket, 'message:edited');
    await t.app.inject({ method: 'PATCH', url: base, headers: ann.auth, payload: { content: 'v2' } });
    expect(await edited).toMatchObject({ id: ack.data.messageId, content: 'v2' });

    const reacted = nextEvent(annSocket, 'reaction:added');
    await t.app.inject({
      method: 'POST',
      url: `${base}/reactions`,
      headers: bob.auth,
      payload: { emoji: '❤️' },
    });
    expect((await reacted).reactions).toEqual([{ emoji: '❤️', count: 1, userIds: [bob.id] }]);

    const read = nextEvent(annSocket, 'conversation:read');
    await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/read`,
      headers: bob.auth,
      payload: { messageId: ack.data.messageId },
    });
    expect(await read).toMatchObject({
      conversationId,
      userId: bob.id,
      messageId: ack.data.messageId,
      seq: ack.data.message.seq,
    });

    const deleted = nextEvent(bobSocket, 'message:deleted');
    await t.app.inject({ method: 'DELETE', url: base, headers: ann.auth });
    expect(await deleted).toMatchObject({ conversationId, messageId: ack.data.messageId });
  });

  it('typing and presence', async () => {
    const bobSocket = await connect(bob);
    const annOnline = nextEvent(
      bobSocket,
      'user:status',
      (status) => status.userId === ann.id && status.isOnline,
    );
    const annSocket = await connect(ann);
    await annOnline;

    const typing = nextEvent(bobSocket, 'typing:start');
    annSocket.emit('typing:start', { conversationId });
    expect(await typing).toEqual({ conversationId, userId: ann.id, username: ann.username });
    const stopped = nextEvent(bobSocket, 'typing:stop');
    annSocket.emit('typing:stop', { conversationId });
    await stopped;

    const annOffline = nextEvent(
      bobSocket,
      'user:status',
      (status) => status.userId === ann.id && !status.isOnline,
    );
    annSocket.close();
    const offline = await annOffline;
    expect(offline.lastSeenAt).not.toBeNull();
  });

  it('a user added to a conversation receives its messages without reconnecting', async () => {
    const [annSocket, eveSocket] = [await connect(ann), await connect(eve)];
    const invited = nextEvent(eveSocket, 'conversation:new');
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: ann.auth,
      payload: { type: 'group', title: 'New', memberIds: [eve.id] },
    });
    const groupId = group.json<ConversationDetail>().id;
    expect((await invited).id).toBe(groupId);
    const arrives = nextEvent(eveSocket, 'message:new', (message) => message.conversationId === groupId);
    await sendOverSocket(annSocket, {
      conversationId: groupId,
      clientMessageId: randomUUID(),
      content: 'welcome',
    });
    expect((await arrives).content).toBe('welcome');
  });

  describe('refusals', () => {
    it('a socket without a valid token is refused at the handshake', async () => {
      await expect(connectSocket(t.baseUrl, 'garbage')).rejects.toMatchObject({
        data: { code: 'UNAUTHENTICATED' },
      });
      await expect(connectSocket(t.baseUrl, '')).rejects.toThrow();
    });

    it('a socket is told and closed when its access token expires', async () => {
      // Long enough for the socket to connect with the token still valid on a loaded machine (with 1 s, a
      // slow connection was refused at its handshake instead), short enough to wait for.
      const ttlSeconds = 5;
      const shortLived = await createTestApp({
        auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, accessTokenTtlSeconds: ttlSeconds },
      });
      try {
        await shortLived.listen();
        const user = await registerUser(shortLived.app);
        const socket = await sockets.connect(shortLived.baseUrl, user.token);
        const expired = nextEvent(socket, 'auth:token-expired', () => true, ttlSeconds * 1000 + 10_000);
        const closed = new Promise<string>((resolve) => {
          socket.once('disconnect', resolve);
        });
        await expired;
        expect(await closed).toBe('io server disconnect');
      } finally {
        await shortLived.close();
      }
    });

    it('a socket from a foreign web origin is refused', async () => {
      const foreign = sockets.keep(
        openSocket(t.baseUrl, ann.token, {
          transports: ['polling'],
          extraHeaders: { origin: 'https://evil.example' },
        }),
      );
      const outcome = await connected(foreign).then(
        () => 'connected',
        () => 'refused',
      );
      expect(outcome).toBe('refused');
    });

    it('a non-member cannot send, subscribe or type into a conversation, and learns nothing', async () => {
      const [eveSocket, bobSocket] = [await connect(eve), await connect(bob)];
      const seenByBob = recordEvents(bobSocket, 'message:new');
      const typingSeenByBob = recordEvents(bobSocket, 'typing:start');
      const unknownId = randomUUID();

      const send = await sendOverSocket(eveSocket, {
        conversationId,
        clientMessageId: randomUUID(),
        content: 'hi',
      });
      const sendUnknown = await sendOverSocket(eveSocket, {
        conversationId: unknownId,
        clientMessageId: randomUUID(),
        content: 'hi',
      });
      expect(send).toEqual({
        success: false,
        error: { code: 'CONVERSATION_NOT_FOUND', message: 'Conversation not found' },
      });
      expect(sendUnknown).toEqual(send);

      const join = (await eveSocket
        .timeout(5000)
        .emitWithAck('conversation:join', { conversationId })) as Ack<unknown>;
      expect(join).toEqual(send);

      const typingRefused = nextEvent(eveSocket, 'error');
      eveSocket.emit('typing:start', { conversationId });
      expect(await typingRefused).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });

      const sync = (await eveSocket.timeout(5000).emitWithAck('sync', { since: 0 })) as Ack<SyncPage>;
      expect(
        sync.success && sync.data.messages.some((message) => message.conversationId === conversationId),
      ).toBe(false);
      await sleep(200);
      expect(seenByBob).toEqual([]);
      expect(typingSeenByBob).toEqual([]);
    });

    it('a removed member stops receiving the conversation at once', async () => {
      const group = await t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: ann.auth,
        payload: { type: 'group', title: 'G', memberIds: [bob.id, eve.id] },
      });
      const groupId = group.json<ConversationDetail>().id;
      const [annSocket, eveSocket] = [await connect(ann), await connect(eve)];
      const removed = nextEvent(eveSocket, 'conversation:removed');
      await t.app.inject({
        method: 'DELETE',
        url: `/api/conversations/${groupId}/members/${eve.id}`,
        headers: ann.auth,
      });
      // She is told she was removed, not that she left (her other windows say so, or say nothing).
      expect(await removed).toEqual({ conversationId: groupId, reason: 'removed' });
      const seenByEve = recordEvents(eveSocket, 'message:new');
      await sendOverSocket(annSocket, {
        conversationId: groupId,
        clientMessageId: randomUUID(),
        content: 'after',
      });
      const again = await sendOverSocket(eveSocket, {
        conversationId: groupId,
        clientMessageId: randomUUID(),
        content: 'still here?',
      });
      expect(again).toMatchObject({ success: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
      await sleep(200);
      expect(seenByEve).toEqual([]);
      // Leaving is told as such, so the leaver's other windows need not call it an eviction.
      const left = nextEvent(annSocket, 'conversation:removed');
      await t.app.inject({ method: 'POST', url: `/api/conversations/${groupId}/leave`, headers: ann.auth });
      expect(await left).toEqual({ conversationId: groupId, reason: 'left' });
    });

    it('invalid payloads get a clear error in the ack and change nothing', async () => {
      const annSocket = await connect(ann);
      const cases: [unknown, string][] = [
        [null, 'VALIDATION_FAILED'],
        ['a string', 'VALIDATION_FAILED'],
        [{ conversationId, content: 'no client id' }, 'VALIDATION_FAILED'],
        [{ conversationId, clientMessageId: randomUUID(), content: 'x'.repeat(2001) }, 'MESSAGE_TOO_LONG'],
        [
          { conversationId, clientMessageId: randomUUID(), content: 'x', originalLanguage: '??' },
          'VALIDATION_FAILED',
        ],
      ];
      for (const [payload, code] of cases) {
        const ack = (await annSocket.timeout(5000).emitWithAck('message:send', payload)) as Ack<SentMessage>;
        expect(ack).toMatchObject({ success: false, error: { code } });
      }
      const history = await t.app.inject({
        method: 'GET',
        url: `/api/conversations/${conversationId}/messages`,
        headers: ann.auth,
      });
      expect(history.json<{ messages: MessageDto[] }>().messages).toEqual([]);
    });

    it('an oversized frame closes that connection and the server carries on', async () => {
      const annSocket = await connect(ann);
      const closed = new Promise<string>((resolve) => {
        annSocket.once('disconnect', resolve);
      });
      annSocket.emit(
        'message:send',
        {
          conversationId,
          clientMessageId: randomUUID(),
          content: 'x'.repeat(200 * 1024),
        },
        () => undefined,
      );
      expect(await closed).toBe('transport close');
      const fresh = await connect(ann);
      const ack = await sendOverSocket(fresh, {
        conversationId,
        clientMessageId: randomUUID(),
        content: 'still up',
      });
      expect(ack.success).toBe(true);
    });

    it('sends over the socket share the per-user rate limit', async () => {
      const limited = await createTestApp({
        limits: { ...DEFAULT_REQUEST_LIMITS, sendsPerWindowPerUser: 2 },
      });
      try {
        await limited.listen();
        const user = await registerUser(limited.app);
        const socket = await sockets.connect(limited.baseUrl, user.token);
        const results = [];
        for (let index = 0; index < 3; index += 1) {
          results.push(
            await sendOverSocket(socket, {
              conversationId: 'global',
              clientMessageId: randomUUID(),
              content: 'x',
            }),
          );
        }
        expect(results.map((ack) => (ack.success ? 'ok' : ack.error.code))).toEqual([
          'ok',
          'ok',
          'RATE_LIMITED',
        ]);
      } finally {
        await limited.close();
      }
    });
  });
});
