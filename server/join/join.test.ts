import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../../contract/conversations.ts';
import type { CreatedShareLink, GuestSession, JoinPreview, ShareLinkDto } from '../../contract/join.ts';
import type { ApiErrorBody } from '../../contract/errors.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { runSql } from '../../test-support/test-database.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { bearer, groupConversation, registerUser, type TestUser } from '../../test-support/users.ts';

describe('join links and guests over HTTP', () => {
  let t: TestApp;
  let alice: TestUser;
  let bruno: TestUser;
  let groupId: string;
  beforeEach(async () => {
    t = await createTestApp();
    [alice, bruno] = [await registerUser(t.app), await registerUser(t.app)];
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: alice.auth,
      payload: { type: 'group', title: 'Voyage', memberIds: [bruno.id] },
    });
    groupId = created.json<ConversationDetail>().id;
  });
  afterEach(async () => {
    await t.close();
  });

  const createLink = async (by: TestUser = alice, body: object = {}, conversationId = groupId) =>
    t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/share-links`,
      headers: by.auth,
      payload: body,
    });
  const newLink = async (body: object = {}) => {
    const response = await createLink(alice, body);
    expect(response.statusCode).toBe(201);
    return response.json<CreatedShareLink>();
  };
  const joinAsGuest = (code: string, displayName = 'Lucía', language = 'es') =>
    t.app.inject({
      method: 'POST',
      url: `/api/join/${code}/guest`,
      payload: { displayName, language },
    });
  const guestOf = async (code: string) => {
    const response = await joinAsGuest(code);
    expect(response.statusCode).toBe(201);
    return response.json<GuestSession>();
  };
  const errorCode = (response: { body: string }) => (JSON.parse(response.body) as ApiErrorBody).error.code;

  it('the link shows the group name and member count only, and a guest joins with a name and a language', async () => {
    const { code, link, webUrl } = await newLink({ label: 'Family' });
    // This server was given no public address: the client decides what to copy.
    expect(webUrl).toBeNull();
    expect(code).toMatch(/^mshy_[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ label: 'Family', useCount: 0, state: 'active', maxUses: null });
    expect(code.slice(5, 9)).toBe(link.hint);

    const preview = await t.app.inject({ method: 'GET', url: `/api/join/${code}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json<JoinPreview>()).toEqual({ title: 'Voyage', memberCount: 2 });

    const guest = await guestOf(code);
    expect(guest.conversationId).toBe(groupId);
    expect(guest.user).toMatchObject({ displayName: 'Lucía', systemLanguage: 'es', isGuest: true });

    // Members see the guest as a guest, and the guest reads the conversation they joined.
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}`,
      headers: alice.auth,
    });
    const member = detail.json<ConversationDetail>().members.find((m) => m.user.id === guest.user.id);
    expect(member?.user.isGuest).toBe(true);
    expect(member?.role).toBe('member');
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/messages`,
      headers: bearer(guest.accessToken),
    });
    expect(own.statusCode).toBe(200);

    // The stored link counts the use; the code itself is not stored (nor listed).
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/share-links`,
      headers: alice.auth,
    });
    expect(listed.json<ShareLinkDto[]>().map((l) => l.useCount)).toEqual([1]);
    expect(listed.body).not.toContain(code.slice(5));
  });

  it('an unknown, malformed, expired, used-up or revoked link refuses', async () => {
    const unknown = `mshy_${'A'.repeat(43)}`;
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/join/${unknown}` }))).toBe(
      'LINK_NOT_FOUND',
    );
    expect((await joinAsGuest('mshy_short')).statusCode).toBe(400);

    const once = await newLink({ maxUses: 1 });
    await guestOf(once.code);
    const exhausted = await joinAsGuest(once.code);
    expect(exhausted.statusCode).toBe(410);
    expect(errorCode(exhausted)).toBe('LINK_EXHAUSTED');

    const revoked = await newLink();
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${groupId}/share-links/${revoked.link.id}`,
      headers: alice.auth,
    });
    expect(revoke.statusCode).toBe(204);
    expect(errorCode(await joinAsGuest(revoked.code))).toBe('LINK_REVOKED');
    expect(errorCode(await t.app.inject({ method: 'GET', url: `/api/join/${revoked.code}` }))).toBe(
      'LINK_REVOKED',
    );

    const expiring = await newLink({ expiresInSeconds: 60 });
    expect((await joinAsGuest(expiring.code)).statusCode).toBe(201);
    // Expiry is checked against the stored time: move it into the past, as the clock would.
    await runSql(t.database, 'update share_links set expires_at = ? where id = ?', [
      '2000-01-01T00:00:00.000Z',
      expiring.link.id,
    ]);
    const expired = await joinAsGuest(expiring.code);
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired)).toBe('LINK_EXPIRED');

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/share-links`,
      headers: alice.auth,
    });
    expect(
      listed
        .json<ShareLinkDto[]>()
        .map((l) => l.state)
        .sort(),
    ).toEqual(['exhausted', 'expired', 'revoked']);
  });

  it("only the group's admins create, list and revoke links", async () => {
    expect((await createLink(bruno)).statusCode).toBe(403);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/share-links`,
      headers: bruno.auth,
    });
    expect(list.statusCode).toBe(403);
    const outsider = await registerUser(t.app);
    expect((await createLink(outsider)).statusCode).toBe(404);
  });

  it('a guest cannot read another conversation, list others, create groups, or find people', async () => {
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: alice.auth,
      payload: { type: 'group', title: 'Secret', memberIds: [bruno.id] },
    });
    const otherId = other.json<ConversationDetail>().id;
    const guest = await guestOf((await newLink()).code);
    const as = bearer(guest.accessToken);
    const refused = [
      { method: 'GET', url: `/api/conversations/${otherId}` },
      { method: 'GET', url: `/api/conversations/${otherId}/messages` },
      { method: 'GET', url: '/api/conversations/global/messages' },
      {
        method: 'POST',
        url: `/api/conversations/${otherId}/messages`,
        payload: { clientMessageId: randomUUID(), content: 'hola' },
      },
      { method: 'POST', url: '/api/conversations', payload: { type: 'direct', memberIds: [alice.id] } },
      { method: 'GET', url: '/api/users/search?q=user' },
      { method: 'POST', url: `/api/conversations/${groupId}/share-links`, payload: {} },
      { method: 'POST', url: `/api/conversations/${groupId}/members`, payload: { userIds: [alice.id] } },
      { method: 'PATCH', url: '/api/users/me', payload: { displayName: 'Someone else' } },
    ] as const;
    for (const request of refused) {
      const response = await t.app.inject({ ...request, headers: as });
      expect([response.statusCode, request.url]).toEqual([403, request.url]);
      expect(errorCode(response)).toBe('GUEST_NOT_ALLOWED');
    }
    // The conversation list holds the guest's one conversation: not even the global room.
    const list = await t.app.inject({ method: 'GET', url: '/api/conversations', headers: as });
    expect(list.json<ConversationSummary[]>().map((c) => c.id)).toEqual([groupId]);
    // The guest writes in their own conversation.
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${groupId}/messages`,
      headers: as,
      payload: { clientMessageId: randomUUID(), content: 'hola' },
    });
    expect(sent.statusCode).toBe(201);
    // Nobody can bring a guest into another conversation, nor find them.
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${otherId}/members`,
      headers: alice.auth,
      payload: { userIds: [guest.user.id] },
    });
    expect(invite.statusCode).toBe(404);
    const search = await t.app.inject({
      method: 'GET',
      url: `/api/users/search?q=${encodeURIComponent(guest.user.username)}`,
      headers: alice.auth,
    });
    expect(search.json<unknown[]>()).toEqual([]);
  });

  it('a guest survives a refresh with the same scope, and cannot sign in with a password', async () => {
    const guest = await guestOf((await newLink()).code);
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: guest.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const token = refreshed.json<GuestSession>().accessToken;
    const search = await t.app.inject({
      method: 'GET',
      url: '/api/users/search?q=a',
      headers: bearer(token),
    });
    expect(search.statusCode).toBe(403);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: guest.user.username, password: '!guest' },
    });
    expect(login.statusCode).toBe(401);
  });

  it("a removed guest's token stops at once; a guest who leaves is signed out too", async () => {
    const { code } = await newLink();
    const guest = await guestOf(code);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${groupId}/members/${guest.user.id}`,
      headers: alice.auth,
    });
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/messages`,
      headers: bearer(guest.accessToken),
    });
    expect(after.statusCode).toBe(401);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: guest.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);

    const leaver = await guestOf(code);
    const left = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${groupId}/leave`,
      headers: bearer(leaver.accessToken),
    });
    expect(left.statusCode).toBe(204);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(leaver.accessToken),
    });
    expect(me.statusCode).toBe(401);
  });

  it('a signed-in user joins with their account, once, and it takes one use', async () => {
    const { code, link } = await newLink({ maxUses: 2 });
    const carla = await registerUser(t.app);
    const join = () => t.app.inject({ method: 'POST', url: `/api/join/${code}`, headers: carla.auth });
    const joined = await join();
    expect(joined.statusCode).toBe(200);
    expect(joined.json<ConversationDetail>().members.map((m) => m.user.id)).toContain(carla.id);
    expect((await join()).statusCode).toBe(200);
    // An existing member joining again takes no use.
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/join/${code}`, headers: alice.auth })).statusCode,
    ).toBe(200);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/conversations/${groupId}/share-links`,
      headers: alice.auth,
    });
    expect(listed.json<ShareLinkDto[]>().find((l) => l.id === link.id)?.useCount).toBe(1);
    // A guest cannot use another link to reach a second conversation.
    const guest = await guestOf(code);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/join/${code}`,
      headers: bearer(guest.accessToken),
    });
    expect(again.statusCode).toBe(403);
  });

  it('parallel joins on the last use let exactly one in', async () => {
    const { code } = await newLink({ maxUses: 1 });
    const answers = await Promise.all([1, 2, 3, 4].map((n) => joinAsGuest(code, `Guest ${n}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 410, 410, 410]);
  });
});

describe('the web address of a join link', () => {
  it('sends /join/<code> on to the client page with the code, relatively', async () => {
    const clientDir = makeTempDir('meeshy-client-');
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Meeshy</title>');
    const t = await createTestApp({ clientDir });
    try {
      const code = `mshy_${'a'.repeat(43)}`;
      const page = await t.app.inject({
        method: 'GET',
        url: `/join/${code}`,
        headers: { accept: 'text/html' },
      });
      expect(page.statusCode).toBe(302);
      expect(page.headers.location).toBe(`../?join=${code}`);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const bad = await t.app.inject({
        method: 'GET',
        url: '/join/<script>',
        headers: { accept: 'text/html' },
      });
      expect(bad.headers.location).toBe('../');
    } finally {
      await t.close();
      fs.rmSync(clientDir, { recursive: true, force: true });
    }
  });
});

describe('join links on a server with a public URL', () => {
  it('are handed out on that address', async () => {
    const t = await createTestApp({ publicUrl: 'https://chat.example.org/meeshy' });
    try {
      const [alice, bruno] = [await registerUser(t.app), await registerUser(t.app)];
      const group = await groupConversation(t.app, alice, 'Voyage', [bruno]);
      const link = await t.app.inject({
        method: 'POST',
        url: `/api/conversations/${group}/share-links`,
        headers: alice.auth,
        payload: {},
      });
      const { code, webUrl } = link.json<CreatedShareLink>();
      expect(webUrl).toBe(`https://chat.example.org/meeshy/join/${code}`);
    } finally {
      await t.close();
    }
  });
});
