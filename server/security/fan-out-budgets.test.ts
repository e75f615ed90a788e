import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDto } from '../../contract/messages.ts';
import { DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import { connectSocket, type ClientSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describe('per-user budgets on fan-out actions (issue 12, item 8)', () => {
  let t: TestApp;
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await t.close();
  });
  const start = async (limits: Partial<typeof DEFAULT_REQUEST_LIMITS>) => {
    t = await createTestApp({
      limits: {
        ...DEFAULT_REQUEST_LIMITS,
        authRequestsPerMinutePerIp: 10_000,
        sendsPerWindowPerUser: 10_000,
        ...limits,
      },
    });
    await t.listen();
  };

  it('80 group creations adding someone without consent are cut off by the user’s budget', async () => {
    await start({ fanOutWritesPerHourPerUser: 10 });
    const [spammer, victim, bystander] = [
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
    ];
    const codes: number[] = [];
    for (let index = 0; index < 80; index += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: spammer.auth,
        payload: { type: 'group', title: `Spam ${index}`, memberIds: [victim.id] },
      });
      codes.push(response.statusCode);
    }
    expect(codes.filter((code) => code === 201)).toHaveLength(10);
    expect(codes.slice(10).every((code) => code === 429)).toBe(true);
    // The budget is the spammer's own: someone else still creates groups.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: bystander.auth,
      payload: { type: 'group', title: 'Book club', memberIds: [victim.id] },
    });
    expect(other.statusCode).toBe(201);
  });

  it('each write route has a per-user budget', async () => {
    await start({ writesPerMinutePerUserPerRoute: 5 });
    const user = await registerUser(t.app);
    const codes: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: '/api/users/me',
        headers: user.auth,
        payload: { displayName: `Name ${index}` },
      });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('reactions must be real emoji, and a message takes a bounded number of distinct ones', async () => {
    await start({});
    const user = await registerUser(t.app);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/conversations/global/messages',
      headers: user.auth,
      payload: { clientMessageId: randomUUID(), content: 'react to me' },
    });
    const messageId = sent.json<{ messageId: string }>().messageId;
    const react = (emoji: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/conversations/global/messages/${messageId}/reactions`,
        headers: user.auth,
        payload: { emoji },
      });
    for (const notEmoji of ['lol', 'x'.repeat(32), '👍👍', 'a👍', '\u200b']) {
      expect((await react(notEmoji)).statusCode, notEmoji).toBe(400);
    }
    const emoji = '😀 😁 😂 🤣 😃 😄 😅 😆 😉 😊 😋 😎 😍 😘 🥰 😗 😙 🥲 😚 🙂 🤗 🤩 🤔 🫡 🤨'.split(' ');
    const codes: number[] = [];
    for (const one of emoji) codes.push((await react(one)).statusCode);
    expect(codes.filter((code) => code === 200)).toHaveLength(20);
    const refused = await react('👍🏽');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'TOO_MANY_REACTIONS' } });
    // An emoji already on the message may still be added by someone else.
    const other = await registerUser(t.app);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/global/messages/${messageId}/reactions`,
      headers: other.auth,
      payload: { emoji: '😀' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json<MessageDto>().reactions).toHaveLength(20);
  });

  it('a user cannot hold more sockets than the cap, even in one burst', async () => {
    await start({ socketsPerUser: 5 });
    const user = await registerUser(t.app);
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, () => connectSocket(t.baseUrl, user.token)),
    );
    const connected = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
    sockets.push(...connected);
    expect(connected).toHaveLength(5);
    // Closing one frees its place.
    connected[0]?.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    sockets.push(await connectSocket(t.baseUrl, user.token));
  });
});
