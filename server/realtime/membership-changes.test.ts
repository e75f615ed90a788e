import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../contract/events.ts';
import { type ClientSocket, OpenSockets } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { groupConversation, registerUser, type TestUser } from '../../test-support/users.ts';

// The membership gate of every send and conversation call answers from a cache on SQLite
// (server/db/sqlite/membership-cache.ts): a change must be seen by the very next call, on both databases.
describe('membership changes take effect on the next call', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let groupId: string;
  const sockets = new OpenSockets();

  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
    [ann, bob] = [await registerUser(t.app), await registerUser(t.app)];
    groupId = await groupConversation(t.app, ann, 'G', [bob]);
  });
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  const send = (socket: ClientSocket) =>
    socket.timeout(5000).emitWithAck('message:send', {
      conversationId: groupId,
      clientMessageId: randomUUID(),
      content: 'hello',
    }) as Promise<Ack<SentMessage>>;
  const call = (user: TestUser, method: 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/conversations/${groupId}${url}`, headers: user.auth, payload });

  it('a removed member’s send is refused right after the removal', async () => {
    const bobSocket = await sockets.connect(t.baseUrl, bob.token);
    // Sent twice, so that his membership has been looked up (and kept) before he is removed.
    expect(await send(bobSocket)).toMatchObject({ success: true });
    expect(await send(bobSocket)).toMatchObject({ success: true });
    expect((await call(ann, 'DELETE', `/members/${bob.id}`)).statusCode).toBe(204);
    expect(await send(bobSocket)).toMatchObject({
      success: false,
      error: { code: 'CONVERSATION_NOT_FOUND' },
    });
  });

  it('a role change is seen by the next call, up and down', async () => {
    const rename = (title: string) => call(bob, 'PATCH', '', { title });
    expect((await rename('by a member')).statusCode).toBe(403);
    expect((await call(ann, 'PATCH', `/members/${bob.id}`, { role: 'moderator' })).statusCode).toBe(204);
    expect((await rename('by a moderator')).json()).toMatchObject({ title: 'by a moderator' });
    expect((await call(ann, 'PATCH', `/members/${bob.id}`, { role: 'member' })).statusCode).toBe(204);
    expect((await rename('by a member again')).statusCode).toBe(403);
  });
});
