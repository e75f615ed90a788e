import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../../contract/conversations.ts';
import { GLOBAL_CONVERSATION_ID } from '../../contract/conversations.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

describe('conversation routes', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let cat: TestUser;
  beforeEach(async () => {
    t = await createTestApp();
    [ann, bob, cat] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.auth, ...(payload ? { payload } : {}) });
  const createGroup = async (owner: TestUser, members: TestUser[]) => {
    const response = await call(owner, 'POST', '/api/conversations', {
      type: 'group',
      title: 'Trip',
      memberIds: members.map((member) => member.id),
    });
    expect(response.statusCode).toBe(201);
    return response.json<ConversationDetail>();
  };
  const send = (user: TestUser, conversationId: string, content: string) =>
    call(user, 'POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      content,
    });

  it('every user is in the global room', async () => {
    const list = (await call(ann, 'GET', '/api/conversations')).json<ConversationSummary[]>();
    expect(list.map((conversation) => conversation.id)).toContain(GLOBAL_CONVERSATION_ID);
    const global = (
      await call(ann, 'GET', `/api/conversations/${GLOBAL_CONVERSATION_ID}`)
    ).json<ConversationDetail>();
    expect(global.type).toBe('global');
    expect(global.members.map((member) => member.user.id).sort()).toEqual([ann.id, bob.id, cat.id].sort());
  });

  it('a direct conversation between two people is created once', async () => {
    const first = await call(ann, 'POST', '/api/conversations', { type: 'direct', memberIds: [bob.id] });
    expect(first.statusCode).toBe(201);
    const again = await call(bob, 'POST', '/api/conversations', { type: 'direct', memberIds: [ann.id] });
    expect(again.statusCode).toBe(200);
    expect(again.json<ConversationDetail>().id).toBe(first.json<ConversationDetail>().id);
  });

  it('lists conversations with the last message and unread counts per user', async () => {
    const group = await createGroup(ann, [bob]);
    await send(ann, group.id, 'one');
    await send(ann, group.id, 'two');
    const forBob = (await call(bob, 'GET', '/api/conversations')).json<ConversationSummary[]>();
    const seenByBob = forBob.find((conversation) => conversation.id === group.id);
    expect(seenByBob).toMatchObject({ unreadCount: 2, memberCount: 2, myRole: 'member' });
    expect(seenByBob?.lastMessage?.content).toBe('two');
    expect(forBob[0]?.id).toBe(group.id); // most recent activity first
    const forAnn = (await call(ann, 'GET', '/api/conversations')).json<ConversationSummary[]>();
    expect(forAnn.find((conversation) => conversation.id === group.id)?.unreadCount).toBe(0);
  });

  it('the list names the other person of each direct conversation, so no detail is needed to show it', async () => {
    const direct = await call(ann, 'POST', '/api/conversations', { type: 'direct', memberIds: [bob.id] });
    const group = await createGroup(ann, [bob, cat]);
    const forAnn = (await call(ann, 'GET', '/api/conversations')).json<ConversationSummary[]>();
    const byId = new Map(forAnn.map((conversation) => [conversation.id, conversation]));
    expect(byId.get(direct.json<ConversationDetail>().id)?.peer).toMatchObject({
      id: bob.id,
      username: bob.username,
    });
    expect(byId.get(group.id)?.peer).toBeNull();
    expect(byId.get(GLOBAL_CONVERSATION_ID)?.peer).toBeNull();
    const forBob = (await call(bob, 'GET', '/api/conversations')).json<ConversationSummary[]>();
    expect(forBob.find((conversation) => conversation.type === 'direct')?.peer?.id).toBe(ann.id);
    // The detail and the invitation event carry it too (they are built from the same summary).
    expect(direct.json<ConversationDetail>().peer?.id).toBe(bob.id);
  });

  it('a group cannot grow past its member limit: an addition past it adds nobody', async () => {
    const group = await createGroup(ann, [bob]);
    const repository = await t.openSecondRepository();
    try {
      const at = new Date().toISOString();
      // Two additions for the last place of a 3-member group: one gets it, the other adds nobody (rolled back).
      const results = await Promise.all([
        repository.addMembers(group.id, [{ userId: cat.id, role: 'member' }], at, 3),
        repository.addMembers(group.id, [{ userId: (await registerUser(t.app)).id, role: 'member' }], at, 3),
      ]);
      expect(results.filter((result) => result === 'full')).toHaveLength(1);
      expect(await repository.listMembers(group.id)).toHaveLength(3);
      // Asking again for someone already in does not count against the limit.
      expect(await repository.addMembers(group.id, [{ userId: bob.id, role: 'member' }], at, 3)).toEqual([]);
    } finally {
      await repository.close();
    }
  });

  it('admins and moderators manage the group; members cannot', async () => {
    const group = await createGroup(ann, [bob]);
    const url = `/api/conversations/${group.id}`;
    expect((await call(bob, 'PATCH', url, { title: 'Mine now' })).statusCode).toBe(403);
    expect((await call(bob, 'POST', `${url}/members`, { userIds: [cat.id] })).statusCode).toBe(403);
    expect((await call(ann, 'PATCH', `${url}/members/${bob.id}`, { role: 'moderator' })).statusCode).toBe(
      204,
    );
    expect((await call(bob, 'POST', `${url}/members`, { userIds: [cat.id] })).statusCode).toBe(200);
    // A moderator cannot hand out roles or remove another manager.
    expect((await call(bob, 'PATCH', `${url}/members/${cat.id}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await call(bob, 'DELETE', `${url}/members/${ann.id}`)).statusCode).toBe(403);
    expect((await call(ann, 'PATCH', url, { title: 'Lisbon trip' })).json()).toMatchObject({
      title: 'Lisbon trip',
    });
    expect((await call(bob, 'DELETE', `${url}/members/${cat.id}`)).statusCode).toBe(204);
    expect((await call(cat, 'GET', url)).statusCode).toBe(404);
  });

  it('members invited together: the first invited takes over from the leaving admin, whatever their ids', async () => {
    // Invite the larger id first, so an order by id would pick the other one.
    const [first, second] = bob.id > cat.id ? [bob, cat] : [cat, bob];
    const group = await createGroup(ann, [first, second]);
    expect((await call(ann, 'POST', `/api/conversations/${group.id}/leave`)).statusCode).toBe(204);
    const detail = (await call(first, 'GET', `/api/conversations/${group.id}`)).json<ConversationDetail>();
    expect(detail.members.map((member) => [member.user.id, member.role])).toEqual([
      [first.id, 'admin'],
      [second.id, 'member'],
    ]);
  });

  it('a member can leave; the last admin leaving hands the group over', async () => {
    const group = await createGroup(ann, [bob, cat]);
    expect((await call(ann, 'POST', `/api/conversations/${group.id}/leave`)).statusCode).toBe(204);
    const detail = (await call(bob, 'GET', `/api/conversations/${group.id}`)).json<ConversationDetail>();
    expect(detail.members.map((member) => member.user.id).sort()).toEqual([bob.id, cat.id].sort());
    expect(detail.members.some((member) => member.role === 'admin')).toBe(true);
    expect((await call(ann, 'GET', `/api/conversations/${group.id}`)).statusCode).toBe(404);
  });

  it('the only admin cannot demote themselves: a group never ends up without an admin', async () => {
    const group = await createGroup(ann, [bob]);
    const url = `/api/conversations/${group.id}`;
    const demote = await call(ann, 'PATCH', `${url}/members/${ann.id}`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ error: { code: 'LAST_ADMIN' } });
    const detail = (await call(bob, 'GET', url)).json<ConversationDetail>();
    expect(detail.members.find((member) => member.user.id === ann.id)?.role).toBe('admin');
    // With another admin in place, stepping down is fine.
    expect((await call(ann, 'PATCH', `${url}/members/${bob.id}`, { role: 'admin' })).statusCode).toBe(204);
    expect((await call(ann, 'PATCH', `${url}/members/${ann.id}`, { role: 'member' })).statusCode).toBe(204);
  });

  it('direct and global conversations cannot be left or renamed', async () => {
    const direct = (
      await call(ann, 'POST', '/api/conversations', { type: 'direct', memberIds: [bob.id] })
    ).json<ConversationDetail>();
    expect((await call(ann, 'POST', `/api/conversations/${direct.id}/leave`)).statusCode).toBe(400);
    expect((await call(ann, 'POST', `/api/conversations/${GLOBAL_CONVERSATION_ID}/leave`)).statusCode).toBe(
      400,
    );
    expect(
      (await call(ann, 'PATCH', `/api/conversations/${GLOBAL_CONVERSATION_ID}`, { title: 'x' })).statusCode,
    ).toBe(400);
  });

  it('refuses members who do not exist', async () => {
    const response = await call(ann, 'POST', '/api/conversations', {
      type: 'group',
      title: 'Ghosts',
      memberIds: [randomUUID()],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });
  });

  it('user search finds people by name, never the caller', async () => {
    const found = (await call(ann, 'GET', `/api/users/search?q=${bob.username.slice(0, 8)}`)).json<
      { id: string }[]
    >();
    expect(found.map((user) => user.id)).toContain(bob.id);
    const self = (await call(ann, 'GET', `/api/users/search?q=${ann.username}`)).json<{ id: string }[]>();
    expect(self).toEqual([]);
    const wildcard = (await call(ann, 'GET', '/api/users/search?q=%25')).json<unknown[]>();
    expect(wildcard).toEqual([]);
  });

  it('PATCH /api/users/me updates the language settings', async () => {
    const response = await call(ann, 'PATCH', '/api/users/me', {
      systemLanguage: 'es',
      customDestinationLanguage: 'zh-tw',
      useCustomDestination: true,
      readLanguages: ['en', 'fr'],
      displayName: 'Ann B.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      systemLanguage: 'es',
      customDestinationLanguage: 'zh-TW',
      useCustomDestination: true,
      readLanguages: ['en', 'fr'],
      displayName: 'Ann B.',
    });
  });
});
