import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, OpenSockets, recordEvents } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { groupConversation, joinAsGuest, registerUser } from '../../test-support/users.ts';
import { createSocketPublisher } from '../realtime/socket-publisher.ts';

describe('broadcasts to everyone', () => {
  let t: TestApp;
  const sockets = new OpenSockets();
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  it("reach every account's sockets and no guest's", async () => {
    t = await createTestApp();
    await t.listen();
    const [alice, bruno] = [await registerUser(t.app), await registerUser(t.app)];
    const trip = await groupConversation(t.app, alice, 'Trip', [bruno]);
    const guest = await joinAsGuest(t.app, alice, trip);
    const [aliceSocket, guestSocket] = [
      await sockets.connect(t.baseUrl, alice.token),
      await sockets.connect(t.baseUrl, guest.accessToken),
    ];
    const guestStatus = recordEvents(guestSocket, 'translator:status');
    const guestProgress = recordEvents(guestSocket, 'model:progress');

    // The publisher the services use (the translation orchestrator, the model service), on the app's server.
    const publisher = createSocketPublisher(t.io);
    const aliceStatus = nextEvent(aliceSocket, 'translator:status');
    const aliceProgress = nextEvent(aliceSocket, 'model:progress');
    publisher.toEveryone('translator:status', { state: 'unreachable' });
    publisher.toEveryone('model:progress', {
      tier: 'basic',
      state: 'downloading',
      progress: 0.5,
      bytesDone: 50,
      bytesTotal: 100,
    });
    // Events reach one socket in the order they were sent: once this one arrives, any broadcast sent
    // before it would have arrived too.
    const barrier = nextEvent(guestSocket, 'conversation:updated');
    publisher.toConversation(trip, 'conversation:updated', { conversationId: trip });

    expect(await aliceStatus).toEqual({ state: 'unreachable' });
    expect(await aliceProgress).toMatchObject({ state: 'downloading' });
    expect(await barrier).toEqual({ conversationId: trip });
    expect(guestStatus).toEqual([]);
    expect(guestProgress).toEqual([]);
  });
});
