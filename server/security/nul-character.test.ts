import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../contract/events.ts';
import { connectSocket, type ClientSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

// Found by the fuzz test on Postgres, which cannot store U+0000 in text: each of these answered 500.
describe('U+0000 in any input is refused on every database (issue 12, fuzz)', () => {
  let t: TestApp;
  let user: TestUser;
  let socket: ClientSocket;
  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
    user = await registerUser(t.app);
    socket = await connectSocket(t.baseUrl, user.token);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it.each([
    ['a path id', 'GET', '/api/conversations/%00', undefined],
    ['an attachment id', 'GET', '/api/attachments/%00/thumbnail', undefined],
    ['a search query', 'GET', '/api/search/messages?q=a%00b', undefined],
    ['a sign-in name', 'POST', '/api/auth/login', { username: 'ann\u0000', password: 'whatever it is' }],
    [
      'a message',
      'POST',
      '/api/conversations/global/messages',
      { clientMessageId: randomUUID(), content: 'hello\u0000' },
    ],
  ] as const)('in %s over HTTP: 400', async (_where, method, url, payload) => {
    const response = await t.app.inject({
      method,
      url,
      headers: user.auth,
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['message:send', { conversationId: 'global', clientMessageId: randomUUID(), content: 'hi\u0000' }],
    ['conversation:join', { conversationId: '\u0000' }],
  ] as const)('in a %s payload over the socket: a VALIDATION_FAILED ack', async (event, payload) => {
    const ack = (await socket.timeout(10_000).emitWithAck(event as 'message:send', payload)) as Ack<unknown>;
    expect(ack).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
