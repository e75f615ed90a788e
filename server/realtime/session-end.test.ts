import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../contract/auth.ts';
import type { Ack, SentMessage } from '../../contract/events.ts';
import {
  type ClientSocket,
  connectSocket,
  disconnected,
  nextEvent,
  openSocket,
  OpenSockets,
} from '../../test-support/sockets.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { bearer, EXPIRED_TOKEN_BODY, registerUser, signIn, type TestUser } from '../../test-support/users.ts';

describe('ending a sign-in', () => {
  let t: TestApp;
  let ann: TestUser;
  const sockets = new OpenSockets();
  const connect = (baseUrl: string, token: string) => sockets.connect(baseUrl, token);
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
  const me = (app: TestApp, token: string) =>
    app.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
  const sendHello = (socket: ClientSocket) =>
    socket.timeout(5000).emitWithAck('message:send', {
      conversationId: 'global',
      clientMessageId: randomUUID(),
      content: 'hello',
    }) as Promise<Ack<SentMessage>>;

  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
    ann = await registerUser(t.app);
  });
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  it('sign-out tells and closes that sign-in’s socket, and its access token stops working at once', async () => {
    const laptop = await connect(t.baseUrl, ann.token);
    const phoneSession = await signIn(t.app, ann.username);
    const phone = await connect(t.baseUrl, phoneSession.accessToken);
    let phoneTold = false;
    phone.on('auth:session-ended', () => {
      phoneTold = true;
    });

    const told = nextEvent(laptop, 'auth:session-ended');
    const closed = disconnected(laptop);
    const out = await post('/api/auth/logout', { refreshToken: ann.session.refreshToken });
    expect(out.statusCode).toBe(204);
    expect(await told).toEqual({ reason: 'signed-out' });
    expect(await closed).toBe('io server disconnect');

    // The access token has 15 minutes left, yet neither HTTP nor a new handshake accepts it.
    const refused = await me(t, ann.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual(EXPIRED_TOKEN_BODY);
    await expect(connectSocket(t.baseUrl, ann.token)).rejects.toMatchObject({
      data: { code: 'TOKEN_EXPIRED' },
    });

    // The other device's sign-in is untouched: still connected, still sending, its token still good.
    await sleep(200);
    expect(phoneTold).toBe(false);
    expect(phone.connected).toBe(true);
    expect((await sendHello(phone)).success).toBe(true);
    expect((await me(t, phoneSession.accessToken)).statusCode).toBe(200);
  });

  it('a replayed refresh token ends the thief’s and the victim’s sockets of that sign-in', async () => {
    const victim = await connect(t.baseUrl, ann.token);
    // The thief spends the stolen refresh token first and connects with what it got.
    const stolen = await post('/api/auth/refresh', { refreshToken: ann.session.refreshToken });
    expect(stolen.statusCode).toBe(200);
    const thiefSession = stolen.json<AuthSession>();
    const thief = await connect(t.baseUrl, thiefSession.accessToken);
    // The thief rotates again, so the victim's token is no longer within the refresh grace.
    const again = await post('/api/auth/refresh', { refreshToken: thiefSession.refreshToken });
    expect(again.statusCode).toBe(200);
    const otherDevice = await connect(t.baseUrl, (await signIn(t.app, ann.username)).accessToken);

    const victimTold = nextEvent(victim, 'auth:session-ended');
    const thiefTold = nextEvent(thief, 'auth:session-ended');
    const [victimClosed, thiefClosed] = [disconnected(victim), disconnected(thief)];
    // The victim's client then refreshes with the same token: reuse, the whole family is revoked.
    const replay = await post('/api/auth/refresh', { refreshToken: ann.session.refreshToken });
    expect(replay.json()).toMatchObject({ error: { code: 'REFRESH_TOKEN_REUSED' } });

    expect(await victimTold).toEqual({ reason: 'revoked' });
    expect(await thiefTold).toEqual({ reason: 'revoked' });
    expect(await victimClosed).toBe('io server disconnect');
    expect(await thiefClosed).toBe('io server disconnect');
    expect((await me(t, thiefSession.accessToken)).json()).toEqual(EXPIRED_TOKEN_BODY);
    expect((await me(t, ann.token)).json()).toEqual(EXPIRED_TOKEN_BODY);
    expect(otherDevice.connected).toBe(true);
    expect((await sendHello(otherDevice)).success).toBe(true);
  });

  it('another server sharing the database refuses the token at once and closes its sockets', async () => {
    // A second replica on the same database file, with no Socket.IO adapter between the two.
    const replica = await createTestApp({
      repository: await t.openSecondRepository(),
      sessionSweepMs: 100,
    });
    try {
      await replica.listen();
      const onReplica = await connect(replica.baseUrl, ann.token);
      const told = nextEvent(onReplica, 'auth:session-ended');
      const closed = disconnected(onReplica);
      expect((await me(replica, ann.token)).statusCode).toBe(200);

      await post('/api/auth/logout', { refreshToken: ann.session.refreshToken });

      expect((await me(replica, ann.token)).json()).toEqual(EXPIRED_TOKEN_BODY);
      expect(await told).toEqual({ reason: 'signed-out' });
      expect(await closed).toBe('io server disconnect');
    } finally {
      await replica.close();
    }
  });

  it('a sign-out that lands while a socket is being admitted still closes that socket', async () => {
    // The sign-out happens after the handshake's token check and before the socket joins its rooms, so
    // the announcement to the sign-in's room cannot reach it.
    const repository = t.services.repository;
    const lookUpRooms = repository.conversationIdsForUser.bind(repository);
    repository.conversationIdsForUser = async (userId) => {
      repository.conversationIdsForUser = lookUpRooms;
      await t.services.auth.logout(ann.session.refreshToken);
      return lookUpRooms(userId);
    };
    const socket = sockets.keep(openSocket(t.baseUrl, ann.token));
    const told = nextEvent(socket, 'auth:session-ended');
    const closed = disconnected(socket);
    expect(await told).toEqual({ reason: 'signed-out' });
    expect(await closed).toBe('io server disconnect');
  });
});
