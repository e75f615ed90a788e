import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../contract/conversations.ts';
import type { SentMessage } from '../../contract/events.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { MessagePage } from '../../contract/messages.ts';
import { DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, TEST_PASSWORD, type TestUser } from '../../test-support/users.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('bad input and authorization', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let conversationId: string;
  let messageId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [ann, bob, eve] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    const group = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: ann.auth,
      payload: { type: 'group', title: 'Private', memberIds: [bob.id] },
    });
    conversationId = group.json<ConversationDetail>().id;
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/messages`,
      headers: ann.auth,
      payload: { clientMessageId: randomUUID(), content: 'secret plans' },
    });
    messageId = sent.json<SentMessage>().messageId;
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: Method, url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** One request per route that touches a conversation, with a body that would be valid for a member. */
  const conversationRequests = (id: string): [Method, string, string, object?][] => [
    ['GET', '/api/conversations/:conversationId', `/api/conversations/${id}`],
    ['PATCH', '/api/conversations/:conversationId', `/api/conversations/${id}`, { title: 'pwned' }],
    [
      'POST',
      '/api/conversations/:conversationId/members',
      `/api/conversations/${id}/members`,
      { userIds: [eve.id] },
    ],
    [
      'PATCH',
      '/api/conversations/:conversationId/members/:userId',
      `/api/conversations/${id}/members/${eve.id}`,
      { role: 'admin' },
    ],
    [
      'DELETE',
      '/api/conversations/:conversationId/members/:userId',
      `/api/conversations/${id}/members/${bob.id}`,
    ],
    ['POST', '/api/conversations/:conversationId/leave', `/api/conversations/${id}/leave`],
    ['GET', '/api/conversations/:conversationId/messages', `/api/conversations/${id}/messages`],
    [
      'POST',
      '/api/conversations/:conversationId/messages',
      `/api/conversations/${id}/messages`,
      { clientMessageId: randomUUID(), content: 'hi' },
    ],
    [
      'PATCH',
      '/api/conversations/:conversationId/messages/:messageId',
      `/api/conversations/${id}/messages/${messageId}`,
      { content: 'edited' },
    ],
    [
      'DELETE',
      '/api/conversations/:conversationId/messages/:messageId',
      `/api/conversations/${id}/messages/${messageId}`,
    ],
    [
      'POST',
      '/api/conversations/:conversationId/messages/:messageId/reactions',
      `/api/conversations/${id}/messages/${messageId}/reactions`,
      { emoji: '👍' },
    ],
    [
      'DELETE',
      '/api/conversations/:conversationId/messages/:messageId/reactions/:emoji',
      `/api/conversations/${id}/messages/${messageId}/reactions/${encodeURIComponent('👍')}`,
    ],
    ['POST', '/api/conversations/:conversationId/read', `/api/conversations/${id}/read`, { messageId }],
    [
      'POST',
      '/api/conversations/:conversationId/attachments',
      `/api/conversations/${id}/attachments?clientMessageId=${randomUUID()}&position=0`,
    ],
    ['POST', '/api/conversations/:conversationId/share-links', `/api/conversations/${id}/share-links`, {}],
    ['GET', '/api/conversations/:conversationId/share-links', `/api/conversations/${id}/share-links`],
    [
      'DELETE',
      '/api/conversations/:conversationId/share-links/:linkId',
      `/api/conversations/${id}/share-links/${randomUUID()}`,
    ],
  ];

  it('the table below covers every route that takes a conversation id', () => {
    const covered = new Set(conversationRequests('x').map(([method, pattern]) => `${method} ${pattern}`));
    const routesWithConversation = t.routes.filter((route) => route.includes(':conversationId'));
    expect(routesWithConversation.length).toBeGreaterThan(0);
    expect(routesWithConversation.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('a non-member gets exactly the answer for a conversation that does not exist, on every route', async () => {
    for (const [method, pattern, url, payload] of conversationRequests(conversationId)) {
      const asOutsider = await call(eve, method, url, payload);
      const unknownUrl = url.replace(conversationId, randomUUID());
      const unknown = await call(eve, method, unknownUrl, payload);
      expect({ route: `${method} ${pattern}`, status: asOutsider.statusCode }).toEqual({
        route: `${method} ${pattern}`,
        status: 404,
      });
      expect(asOutsider.json()).toEqual({
        error: { code: 'CONVERSATION_NOT_FOUND', message: 'Conversation not found' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual(asOutsider.json());
    }
    // Nothing the outsider tried changed anything.
    const history = (
      await call(ann, 'GET', `/api/conversations/${conversationId}/messages`)
    ).json<MessagePage>();
    expect(history.messages.map((message) => [message.content, message.reactions.length])).toEqual([
      ['secret plans', 0],
    ]);
    const detail = (
      await call(ann, 'GET', `/api/conversations/${conversationId}`)
    ).json<ConversationDetail>();
    expect(detail.title).toBe('Private');
    expect(detail.members).toHaveLength(2);
  });

  it('a member cannot edit or delete someone else’s message', async () => {
    const url = `/api/conversations/${conversationId}/messages/${messageId}`;
    expect((await call(bob, 'PATCH', url, { content: 'mine' })).json()).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect((await call(bob, 'DELETE', url)).statusCode).toBe(403);
  });

  it('a message id from another conversation is not found', async () => {
    const other = await call(eve, 'POST', '/api/conversations', { type: 'direct', memberIds: [bob.id] });
    const otherId = other.json<ConversationDetail>().id;
    const response = await call(bob, 'PATCH', `/api/conversations/${otherId}/messages/${messageId}`, {
      content: 'x',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'MESSAGE_NOT_FOUND' } });
  });

  it('malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "ann", ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
  });

  it('prototype pollution attempts are refused', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: { ...ann.auth, 'content-type': 'application/json' },
      payload: '{"__proto__": {"isAdmin": true}}',
    });
    expect(response.statusCode).toBe(400);
  });

  it('unknown fields are stripped, never stored', async () => {
    const response = await call(ann, 'PATCH', '/api/users/me', {
      displayName: 'Ann',
      id: 'someone-else',
      passwordHash: 'scrypt$1$2$3$x$y',
      email: 'taken@over.test',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: ann.id,
      displayName: 'Ann',
      email: `${ann.username}@example.test`,
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: ann.username, password: TEST_PASSWORD, role: 'admin' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('oversized bodies are refused', async () => {
    const response = await call(ann, 'POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      content: 'x'.repeat(DEFAULT_REQUEST_LIMITS.bodyLimitBytes),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('a message over 2000 characters is refused with its own code; 2000 is fine', async () => {
    const url = `/api/conversations/${conversationId}/messages`;
    const tooLong = await call(ann, 'POST', url, {
      clientMessageId: randomUUID(),
      content: 'é'.repeat(LIMITS.messageMaxLength + 1),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG' } });
    // Characters, not UTF-16 units: 2000 emoji are 2000 characters.
    const exactly = await call(ann, 'POST', url, {
      clientMessageId: randomUUID(),
      content: '😀'.repeat(2000),
    });
    expect(exactly.statusCode).toBe(201);
  });

  it('invalid fields are named in the error', async () => {
    const response = await call(ann, 'POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: 'not-a-uuid',
      content: '   ',
      originalLanguage: 'french',
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; issues: { path: string }[] } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual([
      'clientMessageId',
      'content',
      'originalLanguage',
    ]);
  });

  it('a body that is not JSON is refused', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('a malformed URL and control characters in a search are refused in our error format', async () => {
    const badUrl = await call(
      ann,
      'DELETE',
      `/api/conversations/${conversationId}/messages/${messageId}/reactions/%E0%A4%A`,
    );
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const nul = await call(ann, 'GET', '/api/users/search?q=%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('unknown routes answer a JSON 404', async () => {
    const response = await call(ann, 'GET', '/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('sends are rate limited per user', async () => {
    const limited = await createTestApp({ limits: { ...DEFAULT_REQUEST_LIMITS, sendsPerWindowPerUser: 3 } });
    try {
      const [sender, other] = [await registerUser(limited.app), await registerUser(limited.app)];
      const retriedId = randomUUID();
      const send = (user: TestUser, clientMessageId: string = randomUUID()) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/conversations/global/messages',
          headers: user.auth,
          payload: { clientMessageId, content: 'spam' },
        });
      const codes = [(await send(sender, retriedId)).statusCode];
      for (let index = 0; index < 3; index += 1) codes.push((await send(sender)).statusCode);
      expect(codes).toEqual([201, 201, 201, 429]);
      // A retry of a message already stored is answered with it, budget or not.
      const first = await limited.app.inject({
        method: 'POST',
        url: '/api/conversations/global/messages',
        headers: sender.auth,
        payload: { clientMessageId: retriedId, content: 'spam' },
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ duplicate: true });
      // Another user's budget is untouched.
      expect((await send(other)).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it('a retry of a stored send does not spend the budget of the messages after it', async () => {
    const limited = await createTestApp({ limits: { ...DEFAULT_REQUEST_LIMITS, sendsPerWindowPerUser: 3 } });
    try {
      const sender = await registerUser(limited.app);
      const send = (clientMessageId: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/conversations/global/messages',
          headers: sender.auth,
          payload: { clientMessageId, content: 'outbox' },
        });
      const first = randomUUID();
      const codes = [(await send(first)).statusCode];
      // A client resending its outbox after a reconnection: the first answer again, twice.
      codes.push((await send(first)).statusCode, (await send(first)).statusCode);
      codes.push((await send(randomUUID())).statusCode, (await send(randomUUID())).statusCode);
      expect(codes).toEqual([201, 200, 200, 201, 201]);
      expect((await send(randomUUID())).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
