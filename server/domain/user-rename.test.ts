import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, OpenSockets, recordEvents } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { groupConversation, joinAsGuest, registerUser, type TestUser } from '../../test-support/users.ts';

describe('a display name change', () => {
  let t: TestApp;
  const sockets = new OpenSockets();
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  it('reaches the sockets of the people who share a conversation with the user, once, and nobody else', async () => {
    t = await createTestApp();
    await t.listen();
    const [ann, bob, cat] = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
    // Ann and Bob share two groups (and the global room): the event still comes once.
    await groupConversation(t.app, ann, 'Trip', [bob]);
    await groupConversation(t.app, ann, 'Work', [bob]);
    // A guest of a group without Bob shares nothing with him.
    const guest = await joinAsGuest(t.app, ann, await groupConversation(t.app, ann, 'Other', [cat]));
    const [annSocket, guestSocket] = [
      await sockets.connect(t.baseUrl, ann.token),
      await sockets.connect(t.baseUrl, guest.accessToken),
    ];
    const annSeen = recordEvents(annSocket, 'user:updated');
    const guestSeen = recordEvents(guestSocket, 'user:updated');
    const rename = async (user: TestUser, payload: object) => {
      const response = await t.app.inject({
        method: 'PATCH',
        url: '/api/users/me',
        headers: user.auth,
        payload,
      });
      expect(response.statusCode).toBe(200);
    };

    // A change of languages only is nobody else's business.
    await rename(bob, { systemLanguage: 'de' });
    const renamed = nextEvent(annSocket, 'user:updated');
    await rename(bob, { displayName: 'Roberto' });
    expect(await renamed).toMatchObject({ id: bob.id, displayName: 'Roberto' });

    // Ann renames herself: the guest shares Other with her, so it comes to both; events reach a socket in
    // the order they were sent, so by then anything of Bob's would have come too.
    const barriers = [annSocket, guestSocket].map((socket) =>
      nextEvent(socket, 'user:updated', (user) => user.id === ann.id),
    );
    await rename(ann, { displayName: 'Annie' });
    await Promise.all(barriers);
    expect(annSeen.map((user) => [user.id, user.displayName])).toEqual([
      [bob.id, 'Roberto'],
      [ann.id, 'Annie'],
    ]);
    expect(guestSeen.map((user) => user.id)).toEqual([ann.id]);
  });
});
