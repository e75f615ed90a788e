import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../../contract/conversations.ts';
import type { SentMessage } from '../../contract/events.ts';
import { LIMITS } from '../../contract/limits.ts';
import { mentionToken } from '../../contract/mentions.ts';
import type { MessageSearchPage } from '../../contract/search.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';
import { DEFAULT_REQUEST_LIMITS } from '../settings.ts';

// Over HTTP, on the run's database (SQLite, or Postgres with MEESHY_TEST_DATABASE=postgres).

describe('mentions and message search', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let cat: TestUser;
  let group: string;
  beforeEach(async () => {
    t = await createTestApp();
    [ann, bob, cat] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    const created = await call(ann, 'POST', '/api/conversations', {
      type: 'group',
      title: 'Trip',
      memberIds: [bob.id],
    });
    expect(created.statusCode).toBe(201);
    group = created.json<ConversationDetail>().id;
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.auth, ...(payload ? { payload } : {}) });
  const send = (user: TestUser, conversationId: string, content: string) =>
    call(user, 'POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      content,
      originalLanguage: 'fr',
    });
  const summary = async (user: TestUser, conversationId: string) =>
    (await call(user, 'GET', '/api/conversations'))
      .json<ConversationSummary[]>()
      .find((conversation) => conversation.id === conversationId);
  const search = async (user: TestUser, q: string, extra = '') => {
    const response = await call(user, 'GET', `/api/search/messages?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode).toBe(200);
    return response.json<MessageSearchPage>();
  };

  it('stores a mention as the member id in the text and counts unread mentions apart until read', async () => {
    const sent = await send(ann, group, `On part demain ${mentionToken(bob.id)} ?`);
    expect(sent.statusCode).toBe(201);
    expect(sent.json<SentMessage>().message.content).toBe(`On part demain @${bob.id} ?`);
    await send(ann, group, 'sans mention');

    expect(await summary(bob, group)).toMatchObject({ unreadCount: 2, unreadMentionCount: 1 });
    // The writer's own mentions, or someone else's, are not the reader's.
    expect(await summary(ann, group)).toMatchObject({ unreadCount: 0, unreadMentionCount: 0 });

    const last = (await send(ann, group, 'fin')).json<SentMessage>().message;
    expect(
      (await call(bob, 'POST', `/api/conversations/${group}/read`, { messageId: last.id })).statusCode,
    ).toBe(204);
    expect(await summary(bob, group)).toMatchObject({ unreadCount: 0, unreadMentionCount: 0 });
  });

  it('refuses to mention someone who is not a member, on send and on edit, without saying who', async () => {
    const refused = await send(ann, group, `Salut ${mentionToken(cat.id)}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'A message can only mention members of its conversation' },
    });
    const unknown = await send(ann, group, `Salut ${mentionToken(randomUUID())}`);
    expect(unknown.json()).toEqual(refused.json());

    const message = (await send(ann, group, 'Salut')).json<SentMessage>().message;
    const edit = await call(ann, 'PATCH', `/api/conversations/${group}/messages/${message.id}`, {
      content: `Salut ${mentionToken(cat.id)}`,
    });
    expect(edit.statusCode).toBe(400);
    const allowed = await call(ann, 'PATCH', `/api/conversations/${group}/messages/${message.id}`, {
      content: `Salut ${mentionToken(bob.id)}`,
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('finds messages of the caller’s conversations only, with the match marked, page by page', async () => {
    for (const word of ['premier', 'deuxième', 'troisième']) await send(ann, group, `rendez-vous ${word}`);
    const direct = await call(cat, 'POST', '/api/conversations', { type: 'direct', memberIds: [ann.id] });
    await send(cat, direct.json<ConversationDetail>().id, 'rendez-vous privé');

    const first = await search(bob, 'RENDEZ', '&limit=2');
    expect(first.hits.map((hit) => hit.message.content)).toEqual([
      'rendez-vous troisième',
      'rendez-vous deuxième',
    ]);
    expect(first.hits[0]?.snippet).toEqual([
      { text: 'rendez', match: true },
      { text: '-vous troisième', match: false },
    ]);
    const second = await search(bob, 'rendez', `&limit=2&before=${first.nextCursor}`);
    expect(second.hits.map((hit) => hit.message.content)).toEqual(['rendez-vous premier']);
    expect(second.nextCursor).toBeNull();
    expect((await search(ann, 'rendez')).hits).toHaveLength(4);
    expect(await search(bob, '!!!')).toEqual({ hits: [], nextCursor: null });
  });

  it('never returns a conversation the user left, messages from before they left included', async () => {
    await send(ann, group, 'le code secret est 1234');
    expect((await search(bob, 'secret')).hits).toHaveLength(1);
    expect((await call(bob, 'POST', `/api/conversations/${group}/leave`)).statusCode).toBe(204);
    expect(await search(bob, 'secret')).toEqual({ hits: [], nextCursor: null });
    expect(await search(bob, '1234')).toEqual({ hits: [], nextCursor: null });
    expect((await search(ann, 'secret')).hits).toHaveLength(1);
  });

  it('counts a mention as the name it shows against the length limit, not as its stored token', async () => {
    expect((await call(bob, 'PATCH', '/api/users/me', { displayName: 'Bo' })).statusCode).toBe(200);
    // 1995 characters as read ("@Bo" is 3), 2029 as stored: accepted.
    const fits = `${'a'.repeat(1991)} ${mentionToken(bob.id)}`;
    expect(fits.length).toBeGreaterThan(LIMITS.messageMaxLength);
    expect((await send(ann, group, fits)).statusCode).toBe(201);
    // 1950 characters stored plus the token fit as stored; with a 64-character name they do not as read.
    const longName = 'B'.repeat(LIMITS.displayNameMaxLength);
    expect((await call(bob, 'PATCH', '/api/users/me', { displayName: longName })).statusCode).toBe(200);
    const over = `${'a'.repeat(1950)}${mentionToken(bob.id)}`;
    expect(over.length).toBeLessThanOrEqual(LIMITS.messageMaxLength);
    const refused = await send(ann, group, over);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG' } });
    const message = (await send(ann, group, 'court')).json<SentMessage>().message;
    const edit = await call(ann, 'PATCH', `/api/conversations/${group}/messages/${message.id}`, {
      content: over,
    });
    expect(edit.json()).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG' } });
  });

  it('finds the messages that mention someone by a word of their name, as the reader reads them', async () => {
    const renamed = await call(bob, 'PATCH', '/api/users/me', { displayName: 'Roberto Gómez' });
    expect(renamed.statusCode).toBe(200);
    const mention = (
      await send(ann, group, `Qui vient ? ${mentionToken(bob.id)} sûrement`)
    ).json<SentMessage>().message;
    await send(ann, group, 'Personne ne vient');
    const found = await search(ann, 'robert');
    expect(found.hits.map((hit) => hit.message.id)).toEqual([mention.id]);
    expect(found.hits[0]?.snippet).toContainEqual({ text: mentionToken(bob.id), match: true });
    expect((await search(bob, 'gómez vient')).hits.map((hit) => hit.message.id)).toEqual([mention.id]);
    // Cat is in none of the conversations: a name finds nothing of them.
    expect((await search(cat, 'roberto')).hits).toEqual([]);
  });

  it('needs a signed-in caller and a query', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/search/messages?q=x' })).statusCode).toBe(401);
    expect((await call(ann, 'GET', '/api/search/messages?q=%20')).statusCode).toBe(400);
  });
});

describe('message search budget', () => {
  it('refuses a user past their searches per minute, and not the others', async () => {
    const t = await createTestApp({
      limits: { ...DEFAULT_REQUEST_LIMITS, authRequestsPerMinutePerIp: 10_000, searchesPerMinutePerUser: 3 },
    });
    try {
      const [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
      const search = (user: TestUser) =>
        t.app.inject({ method: 'GET', url: '/api/search/messages?q=bonjour', headers: user.auth });
      for (let index = 0; index < 3; index += 1) expect((await search(ann)).statusCode).toBe(200);
      const refused = await search(ann);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await search(bob)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
