import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, SentMessage } from '../../contract/events.ts';
import { connectSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

const HIDDEN_NAMES = [
  'admin\u202egnp.exe',
  'ann\u200b',
  'bob\u0000',
  '\u2066eve\u2069',
  '\u200b\u200b',
  '\u3164',
  'zoe\u202a',
];

describe('invisible names and messages (issue 12, item 11)', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    await t.listen();
    user = await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(HIDDEN_NAMES)('display name %j is refused at registration and on update', async (name) => {
    const updated = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: user.auth,
      payload: { displayName: name },
    });
    expect(updated.statusCode).toBe(400);
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        username: `hidden_${randomUUID().slice(0, 8)}`,
        email: `${randomUUID().slice(0, 8)}@example.test`,
        password: 'correct horse battery',
        displayName: name,
      },
    });
    expect(registered.statusCode).toBe(400);
  });

  it('a group title with a direction override is refused; emoji sequences and accents are kept', async () => {
    const other = await registerUser(t.app);
    const create = (title: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: user.auth,
        payload: { type: 'group', title, memberIds: [other.id] },
      });
    expect((await create('Team\u202e')).statusCode).toBe(400);
    expect((await create('Équipe 👨‍👩‍👧 ✓')).statusCode).toBe(201);
    const me = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: user.auth,
      payload: { displayName: 'Zoë 👩‍💻' },
    });
    expect(me.statusCode).toBe(200);
  });

  it('a message of zero-width or blank characters is refused over the socket and over HTTP', async () => {
    const socket = await connectSocket(t.baseUrl, user.token);
    try {
      for (const content of ['\u200b\u200b\u200b', '\u2800', '\u3164 \u3164', '\ufeff', '\u200d\u034f']) {
        const ack = (await socket.timeout(5000).emitWithAck('message:send', {
          conversationId: 'global',
          clientMessageId: randomUUID(),
          content,
        })) as Ack<SentMessage>;
        expect(ack.success, JSON.stringify(content)).toBe(false);
        const overHttp = await t.app.inject({
          method: 'POST',
          url: '/api/conversations/global/messages',
          headers: user.auth,
          payload: { clientMessageId: randomUUID(), content },
        });
        expect(overHttp.statusCode).toBe(400);
      }
      const visible = (await socket.timeout(5000).emitWithAck('message:send', {
        conversationId: 'global',
        clientMessageId: randomUUID(),
        content: '\u200bhello',
      })) as Ack<SentMessage>;
      expect(visible.success).toBe(true);
    } finally {
      socket.close();
    }
  });
});
