import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../contract/events.ts';
import { connectSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

describe('a removed member retrying a send (issue 12, item 10)', () => {
  let t: TestApp;
  let admin: TestUser;
  let member: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
    [admin, member] = [await registerUser(t.app), await registerUser(t.app)];
  });
  afterAll(async () => {
    await t.close();
  });

  it('learns nothing of the message state through the idempotent retry, over a socket or HTTP', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: admin.auth,
      payload: { type: 'group', title: 'Team', memberIds: [member.id] },
    });
    const conversationId = created.json<{ id: string }>().id;
    const send = { conversationId, clientMessageId: randomUUID(), content: 'first draft' };
    const socket = await connectSocket(t.baseUrl, member.token);
    try {
      const first = (await socket.timeout(5000).emitWithAck('message:send', send)) as Ack<SentMessage>;
      expect(first.success).toBe(true);
      const messageId = first.success ? first.data.messageId : '';
      // The conversation moves on: a reaction is added, then the member is removed.
      const reacted = await t.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversationId}/messages/${messageId}/reactions`,
        headers: admin.auth,
        payload: { emoji: '👍' },
      });
      expect(reacted.statusCode).toBeLessThan(300);
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/api/conversations/${conversationId}/members/${member.id}`,
        headers: admin.auth,
      });
      expect(removed.statusCode).toBe(204);

      const retried = (await socket.timeout(5000).emitWithAck('message:send', send)) as Ack<SentMessage>;
      expect(retried).toEqual({
        success: false,
        error: { code: 'CONVERSATION_NOT_FOUND', message: 'Conversation not found' },
      });
      const overHttp = await t.app.inject({
        method: 'POST',
        url: `/api/conversations/${conversationId}/messages`,
        headers: member.auth,
        payload: { clientMessageId: send.clientMessageId, content: send.content },
      });
      expect(overHttp.statusCode).toBe(404);
      expect(overHttp.body).not.toContain('👍');
    } finally {
      socket.close();
    }
  });
});
