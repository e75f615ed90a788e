import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../contract/events.ts';
import type { ConversationDetail } from '../../contract/conversations.ts';
import type { MessagePage } from '../../contract/messages.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import { startTestRedis, type TestRedis } from '../../test-support/redis.ts';
import { describeReplicas, startReplicas, type Replicas } from '../../test-support/replicas.ts';
import { useSharedTestDatabase } from '../../test-support/shared-database.ts';
import {
  type ClientSocket,
  disconnected,
  nextEvent,
  OpenSockets,
  recordEvents,
} from '../../test-support/sockets.ts';
import type { TestApp } from '../../test-support/test-app.ts';
import {
  directConversation,
  groupConversation,
  registerUser,
  signIn,
  type TestUser,
} from '../../test-support/users.ts';

const SENDS_PER_WINDOW = 6;
const LOGIN_ATTEMPTS = 4;
const ACCOUNT_DELAY_MS = 300;

describeReplicas('two server replicas on one database and one Redis', () => {
  const sharedDatabase = useSharedTestDatabase();
  let redis: TestRedis;
  let replicas: Replicas;
  let a: TestApp;
  let b: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let conversationId: string;
  const sockets = new OpenSockets();

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(async () => {
    replicas = await startReplicas(2, await sharedDatabase(), redis.url, {
      auth: {
        ...DEFAULT_AUTH_SETTINGS,
        scryptLogN: 10,
        loginFailuresBeforeBlock: LOGIN_ATTEMPTS,
        loginAccountDelayBaseMs: ACCOUNT_DELAY_MS,
        loginAccountDelayMaxMs: ACCOUNT_DELAY_MS * 2,
      },
      limits: {
        ...DEFAULT_REQUEST_LIMITS,
        authRequestsPerMinutePerIp: 10_000,
        sendsPerWindowPerUser: SENDS_PER_WINDOW,
      },
    });
    [a, b] = replicas.apps as [TestApp, TestApp];
    [ann, bob] = [await registerUser(a.app), await registerUser(b.app)];
    conversationId = await directConversation(a.app, ann, bob);
  });
  afterEach(async () => {
    sockets.closeAll();
    await replicas.close();
  });

  const send = async (socket: ClientSocket, content: string, clientMessageId = randomUUID()) => {
    const ack = (await socket
      .timeout(5000)
      .emitWithAck('message:send', { conversationId, clientMessageId, content })) as Ack<SentMessage>;
    return ack;
  };
  const history = async (app: TestApp, user: TestUser) => {
    const response = await app.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}/messages`,
      headers: user.auth,
    });
    return response.json<MessagePage>().messages.map((message) => message.content);
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('a message sent through A reaches a socket on B exactly once and is in B’s history', async () => {
    const annOnA = await sockets.connect(a.baseUrl, ann.token);
    const bobOnB = await sockets.connect(b.baseUrl, bob.token);
    const seen = recordEvents(bobOnB, 'message:new');
    const arrived = nextEvent(bobOnB, 'message:new');
    const ack = await send(annOnA, 'hello across replicas');
    expect(ack.success).toBe(true);
    expect((await arrived).content).toBe('hello across replicas');
    await settle();
    expect(seen.map((message) => message.content)).toEqual(['hello across replicas']);
    expect(await history(b, bob)).toContain('hello across replicas');
  });

  it('a member removed through A cannot send through B right after', async () => {
    // Each replica asks the shared database on every send (no membership cache on Postgres, see
    // server/db/sqlite/membership-cache.ts): B has just answered Bob's sends, then refuses the next one.
    const groupId = await groupConversation(a.app, ann, 'G', [bob]);
    const bobOnB = await sockets.connect(b.baseUrl, bob.token);
    const sendToGroup = () =>
      bobOnB.timeout(5000).emitWithAck('message:send', {
        conversationId: groupId,
        clientMessageId: randomUUID(),
        content: 'in the group',
      }) as Promise<Ack<SentMessage>>;
    expect(await sendToGroup()).toMatchObject({ success: true });
    expect(await sendToGroup()).toMatchObject({ success: true });
    const removal = await a.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${groupId}/members/${bob.id}`,
      headers: ann.auth,
    });
    expect(removal.statusCode).toBe(204);
    expect(await sendToGroup()).toMatchObject({
      success: false,
      error: { code: 'CONVERSATION_NOT_FOUND' },
    });
  });

  it('typing and presence cross replicas', async () => {
    const bobOnB = await sockets.connect(b.baseUrl, bob.token);
    const cameOnline = nextEvent(bobOnB, 'user:status', (event) => event.userId === ann.id);
    const annOnA = await sockets.connect(a.baseUrl, ann.token);
    expect(await cameOnline).toMatchObject({ userId: ann.id, isOnline: true });

    const detail = await b.app.inject({
      method: 'GET',
      url: `/api/conversations/${conversationId}`,
      headers: bob.auth,
    });
    const annAsSeenOnB = detail
      .json<ConversationDetail>()
      .members.find((member) => member.user.id === ann.id);
    expect(annAsSeenOnB?.user.isOnline).toBe(true);

    const typing = nextEvent(bobOnB, 'typing:start');
    annOnA.emit('typing:start', { conversationId });
    expect(await typing).toMatchObject({ conversationId, userId: ann.id });

    const wentOffline = nextEvent(
      bobOnB,
      'user:status',
      (event) => event.userId === ann.id && !event.isOnline,
    );
    annOnA.close();
    expect(await wentOffline).toMatchObject({ isOnline: false });
  });

  it('signing out on A closes that sign-in’s socket on B at once (not at the next sweep)', async () => {
    const bobOnB = await sockets.connect(b.baseUrl, bob.token);
    const ended = nextEvent(bobOnB, 'auth:session-ended', () => true, 2000);
    const gone = disconnected(bobOnB);
    const response = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: bob.session.refreshToken },
    });
    expect(response.statusCode).toBe(204);
    await ended;
    expect(await gone).toBe('io server disconnect');
  });

  it('the per-user send budget holds across both replicas', async () => {
    const annOnA = await sockets.connect(a.baseUrl, ann.token);
    const annOnB = await sockets.connect(b.baseUrl, (await signIn(b.app, ann.username)).accessToken);
    const acks: Ack<SentMessage>[] = [];
    for (let index = 0; index < SENDS_PER_WINDOW; index += 1) {
      acks.push(await send(index % 2 === 0 ? annOnA : annOnB, `budget ${index}`));
    }
    expect(acks.every((ack) => ack.success)).toBe(true);
    const overA = await send(annOnA, 'one too many');
    const overB = await send(annOnB, 'one too many');
    expect(overA.success ? 'accepted' : overA.error.code).toBe('RATE_LIMITED');
    expect(overB.success ? 'accepted' : overB.error.code).toBe('RATE_LIMITED');
  });

  it('the login throttle holds across both replicas: the address budget and the account’s growing delay', async () => {
    const login = async (app: TestApp, remoteAddress: string) => {
      const started = Date.now();
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: ann.username, password: 'wrong' },
        remoteAddress,
      });
      return { status: response.statusCode, ms: Date.now() - started };
    };
    for (let attempt = 0; attempt < LOGIN_ATTEMPTS; attempt += 1) {
      expect((await login(attempt % 2 === 0 ? a : b, '203.0.113.7')).status).toBe(401);
    }
    // The guessing address has spent its attempts on this account, counted on both replicas together.
    expect((await login(a, '203.0.113.7')).status).toBe(429);
    expect((await login(b, '203.0.113.7')).status).toBe(429);
    // From other addresses the account is not blocked but slowed, by failures made through either replica
    // (B alone saw two, below the free ones: in its own memory it would not wait at all).
    const second = await login(b, '198.51.100.1');
    expect(second.status).toBe(401);
    expect(second.ms).toBeGreaterThanOrEqual(ACCOUNT_DELAY_MS / 2);
    const third = await login(a, '198.51.100.2');
    expect(third.status).toBe(401);
    expect(third.ms).toBeGreaterThanOrEqual(ACCOUNT_DELAY_MS);
  });

  it('with Redis stopped each replica serves its own sockets, and B’s client resyncs what it missed', async () => {
    const annOnA = await sockets.connect(a.baseUrl, ann.token);
    const bobOnA = await sockets.connect(a.baseUrl, (await signIn(a.app, bob.username)).accessToken);
    const bobOnB = await sockets.connect(b.baseUrl, bob.token);
    const seenOnB = recordEvents(bobOnB, 'message:new');
    const first = nextEvent(bobOnB, 'message:new');
    expect((await send(annOnA, 'before the outage')).success).toBe(true);
    const cursor = (await first).version;

    await redis.stop();
    const local = nextEvent(bobOnA, 'message:new', (message) => message.content === 'during the outage');
    const during = await send(annOnA, 'during the outage');
    expect(during.success).toBe(true);
    expect((await local).content).toBe('during the outage');
    const health = await b.app.inject({ method: 'GET', url: '/health' });
    expect(health.json<{ components: Record<string, { status: string }> }>().components.redis?.status).toBe(
      'down',
    );

    await redis.start();
    await settle();
    // Redis lost that event for B's client: the database has it, and a resync from its cursor brings it.
    expect(seenOnB.map((message) => message.content)).toEqual(['before the outage']);
    const page = (await bobOnB.timeout(5000).emitWithAck('sync', { since: cursor, limit: 50 })) as Ack<{
      messages: { content: string }[];
    }>;
    expect(page.success && page.data.messages.map((message) => message.content)).toEqual([
      'during the outage',
    ]);

    // And once Redis is back, events cross again (the adapter's readers and subscriber reconnected).
    const live = nextEvent(
      bobOnB,
      'message:new',
      (message) => message.content === 'after the outage',
      10_000,
    );
    await expect
      .poll(async () => {
        await send(annOnA, 'after the outage');
        return live.then(
          () => true,
          () => false,
        );
      })
      .toBe(true);
  });
});
