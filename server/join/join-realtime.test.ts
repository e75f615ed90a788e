import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../contract/conversations.ts';
import type { Ack, SentMessage } from '../../contract/events.ts';
import type { CreatedShareLink, GuestSession } from '../../contract/join.ts';
import type { MessagePage } from '../../contract/messages.ts';
import {
  disconnected,
  nextEvent,
  OpenSockets,
  recordEvents,
  type ClientSocket,
} from '../../test-support/sockets.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { useSuiteTranslator } from '../../test-support/test-translator.ts';
import { bearer, registerUser, type TestUser } from '../../test-support/users.ts';
import { waitUntil } from '../../test-support/wait-until.ts';
import { GrpcTranslatorClient } from '../translation/translator-client.ts';

const suite = useSuiteTranslator();

describe('guests on the socket', () => {
  let t: TestApp;
  let alice: TestUser;
  let bruno: TestUser;
  const sockets = new OpenSockets();
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  const group = async (title: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: alice.auth,
      payload: { type: 'group', title, memberIds: [bruno.id] },
    });
    return response.json<ConversationDetail>().id;
  };
  const joinAsGuest = async (conversationId: string, language: string) => {
    const link = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/share-links`,
      headers: alice.auth,
      payload: {},
    });
    const { code } = link.json<CreatedShareLink>();
    const joined = await t.app.inject({
      method: 'POST',
      url: `/api/join/${code}/guest`,
      payload: { displayName: 'Lucía', language },
    });
    expect(joined.statusCode).toBe(201);
    return joined.json<GuestSession>();
  };
  const send = async (socket: ClientSocket, conversationId: string, content: string, language: string) => {
    const ack = (await socket.timeout(5000).emitWithAck('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      content,
      originalLanguage: language,
    })) as Ack<SentMessage>;
    if (!ack.success) throw new Error(ack.error.message);
    return ack.data.message;
  };

  it('a guest reads in their language, stays out of other rooms, and is cut off when removed', async () => {
    t = await createTestApp({ translator: new GrpcTranslatorClient(suite.translator.address) });
    await t.listen();
    alice = await registerUser(t.app, { systemLanguage: 'en' });
    bruno = await registerUser(t.app, { systemLanguage: 'fr' });
    const [trip, secret] = [await group('Trip'), await group('Secret')];
    // Written before the guest comes: the page a guest finds is translated for them on arrival.
    const brunoFirst = await sockets.connect(t.baseUrl, bruno.token);
    const before = await send(brunoFirst, trip, 'bonjour mon ami', 'fr');
    const guest = await joinAsGuest(trip, 'es');
    const [aliceSocket, guestSocket] = [
      await sockets.connect(t.baseUrl, alice.token),
      await sockets.connect(t.baseUrl, guest.accessToken),
    ];

    // The guest's language is a translation target like any member's.
    const brunoSocket = brunoFirst;
    const sent = await send(brunoSocket, trip, 'le chat boit eau', 'fr');
    const forGuest = await nextEvent(
      guestSocket,
      'message:translation',
      (translation) => translation.messageId === sent.id && translation.targetLanguage === 'es',
      20_000,
    );
    expect(forGuest.content).toBe('el gato bebe agua');
    await waitUntil(
      async () => {
        const page = await t.app.inject({
          method: 'GET',
          url: `/api/conversations/${trip}/messages`,
          headers: bearer(guest.accessToken),
        });
        const earlier = page.json<MessagePage>().messages.find((message) => message.id === before.id);
        return earlier?.translations.find((x) => x.targetLanguage === 'es')?.content === 'hola mi amigo';
      },
      { what: "the guest's Spanish translation of the earlier message", timeoutMs: 20_000 },
    );

    // Nothing of another conversation reaches the guest, and they cannot subscribe to it or write there.
    const seen = recordEvents(guestSocket, 'message:new');
    await send(aliceSocket, secret, 'secret plans', 'en');
    const join = (await guestSocket.timeout(5000).emitWithAck('conversation:join', {
      conversationId: secret,
    })) as Ack<unknown>;
    expect(join.success).toBe(false);
    const write = (await guestSocket.timeout(5000).emitWithAck('message:send', {
      conversationId: secret,
      clientMessageId: randomUUID(),
      content: 'hola',
    })) as Ack<SentMessage>;
    expect(write).toMatchObject({ success: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    const sync = (await guestSocket.timeout(5000).emitWithAck('sync', { since: 0 })) as Ack<{
      messages: { conversationId: string }[];
    }>;
    expect(sync.success && sync.data.messages.every((m) => m.conversationId === trip)).toBe(true);
    await sleep(300);
    expect(seen.filter((message) => message.conversationId === secret)).toEqual([]);
    // Nor do the models a member may see.
    const models = await t.app.inject({
      method: 'GET',
      url: '/api/models',
      headers: bearer(guest.accessToken),
    });
    expect(models.statusCode).toBe(403);

    // Removed by an admin: the guest's socket is told and closed at once.
    const ended = nextEvent(guestSocket, 'auth:session-ended');
    const closed = disconnected(guestSocket);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/conversations/${trip}/members/${guest.user.id}`,
      headers: alice.auth,
    });
    expect(removed.statusCode).toBe(204);
    expect(await ended).toEqual({ reason: 'revoked' });
    expect(await closed).toBe('io server disconnect');
    // And cannot come back with the same token.
    await expect(sockets.connect(t.baseUrl, guest.accessToken)).rejects.toThrow();
  });
});
