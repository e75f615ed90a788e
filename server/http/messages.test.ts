import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationSummary } from '../../contract/conversations.ts';
import type { SentMessage } from '../../contract/events.ts';
import type { MessageDto, MessagePage, SyncPage } from '../../contract/messages.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { directConversation, registerUser, type TestUser } from '../../test-support/users.ts';

describe('message routes', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let conversationId: string;
  beforeEach(async () => {
    t = await createTestApp();
    [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
    conversationId = await directConversation(t.app, ann, bob);
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.auth, ...(payload ? { payload } : {}) });
  const messagesUrl = () => `/api/conversations/${conversationId}/messages`;
  const send = async (user: TestUser, content: string, extra: object = {}) => {
    const response = await call(user, 'POST', messagesUrl(), {
      clientMessageId: randomUUID(),
      content,
      ...extra,
    });
    expect(response.statusCode).toBe(201);
    return response.json<SentMessage>().message;
  };

  it('a retried send with the same client id returns the original and stores nothing new', async () => {
    const payload = { clientMessageId: randomUUID(), content: 'Bonjour', originalLanguage: 'fr' };
    const first = await call(ann, 'POST', messagesUrl(), payload);
    const retry = await call(ann, 'POST', messagesUrl(), payload);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json<SentMessage>()).toMatchObject({
      duplicate: true,
      messageId: first.json<SentMessage>().messageId,
    });
    expect(retry.json<SentMessage>().message).toEqual(first.json<SentMessage>().message);
    const history = (await call(bob, 'GET', messagesUrl())).json<MessagePage>();
    expect(history.messages).toHaveLength(1);
  });

  it('pages back through history with a cursor, oldest first within a page', async () => {
    for (let index = 1; index <= 7; index += 1) await send(ann, `m${index}`);
    const first = (await call(bob, 'GET', `${messagesUrl()}?limit=3`)).json<MessagePage>();
    expect(first.messages.map((message) => message.content)).toEqual(['m5', 'm6', 'm7']);
    const second = (
      await call(bob, 'GET', `${messagesUrl()}?limit=3&before=${first.nextCursor}`)
    ).json<MessagePage>();
    expect(second.messages.map((message) => message.content)).toEqual(['m2', 'm3', 'm4']);
    const last = (
      await call(bob, 'GET', `${messagesUrl()}?limit=3&before=${second.nextCursor}`)
    ).json<MessagePage>();
    expect(last.messages.map((message) => message.content)).toEqual(['m1']);
    expect(last.nextCursor).toBeNull();
  });

  it('replies point at a message of the same conversation only', async () => {
    const original = await send(ann, 'Question?');
    const reply = await send(bob, 'Answer.', { replyToId: original.id });
    expect(reply.replyToId).toBe(original.id);
    const bogus = await call(bob, 'POST', messagesUrl(), {
      clientMessageId: randomUUID(),
      content: 'x',
      replyToId: randomUUID(),
    });
    expect(bogus.statusCode).toBe(404);
    expect(bogus.json()).toMatchObject({ error: { code: 'MESSAGE_NOT_FOUND' } });
  });

  it('only the author edits or deletes; a deleted message keeps its place without its text', async () => {
    const message = await send(ann, 'Helo');
    const byOther = await call(bob, 'PATCH', `${messagesUrl()}/${message.id}`, { content: 'hacked' });
    expect(byOther.statusCode).toBe(403);
    const edited = await call(ann, 'PATCH', `${messagesUrl()}/${message.id}`, { content: 'Hello' });
    expect(edited.json<MessageDto>()).toMatchObject({ content: 'Hello' });
    expect(edited.json<MessageDto>().editedAt).not.toBeNull();
    expect(edited.json<MessageDto>().version).toBeGreaterThan(message.version);
    expect((await call(bob, 'DELETE', `${messagesUrl()}/${message.id}`)).statusCode).toBe(403);
    expect((await call(ann, 'DELETE', `${messagesUrl()}/${message.id}`)).statusCode).toBe(204);
    const history = (await call(bob, 'GET', messagesUrl())).json<MessagePage>();
    expect(history.messages[0]).toMatchObject({ id: message.id, content: '' });
    expect(history.messages[0]?.deletedAt).not.toBeNull();
    expect((await call(ann, 'PATCH', `${messagesUrl()}/${message.id}`, { content: 'back' })).statusCode).toBe(
      404,
    );
  });

  it('reactions are counted per emoji and per user', async () => {
    const message = await send(ann, 'Party?');
    const url = `${messagesUrl()}/${message.id}/reactions`;
    await call(bob, 'POST', url, { emoji: '🎉' });
    await call(bob, 'POST', url, { emoji: '🎉' });
    const both = await call(ann, 'POST', url, { emoji: '🎉' });
    expect(both.json<MessageDto>().reactions).toEqual([{ emoji: '🎉', count: 2, userIds: [bob.id, ann.id] }]);
    const removed = await call(bob, 'DELETE', `${url}/${encodeURIComponent('🎉')}`);
    expect(removed.json<MessageDto>().reactions).toEqual([{ emoji: '🎉', count: 1, userIds: [ann.id] }]);
  });

  it('reading moves the unread count to zero', async () => {
    await send(ann, 'one');
    const last = await send(ann, 'two');
    const unread = () =>
      call(bob, 'GET', '/api/conversations').then(
        (response) =>
          response.json<ConversationSummary[]>().find((c) => c.id === conversationId)?.unreadCount,
      );
    expect(await unread()).toBe(2);
    expect(
      (await call(bob, 'POST', `/api/conversations/${conversationId}/read`, { messageId: last.id }))
        .statusCode,
    ).toBe(204);
    expect(await unread()).toBe(0);
    // The read position is part of the conversation, so receipts survive a client's reload.
    const detail = (
      await call(ann, 'GET', `/api/conversations/${conversationId}`)
    ).json<ConversationDetail>();
    expect(detail.members.find((member) => member.user.id === bob.id)?.lastReadSeq).toBe(last.seq);
  });

  it('sync returns each change after the cursor once, in order, and pages', async () => {
    const m1 = await send(ann, 'one');
    await send(ann, 'two');
    await call(ann, 'PATCH', `${messagesUrl()}/${m1.id}`, { content: 'one (edited)' });
    const page = (await call(bob, 'GET', `/api/sync?since=${m1.version}&limit=1`)).json<SyncPage>();
    expect(page.messages.map((message) => message.content)).toEqual(['two']);
    expect(page.hasMore).toBe(true);
    const rest = (await call(bob, 'GET', `/api/sync?since=${page.cursor}`)).json<SyncPage>();
    expect(rest.messages.map((message) => message.content)).toEqual(['one (edited)']);
    expect(rest.hasMore).toBe(false);
  });
});
