import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceSessionListSchema, type AuthSession, type EndedSessions } from '../../contract/auth.ts';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { connectSocket, disconnected, nextEvent, OpenSockets } from '../../test-support/sockets.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { bearer, EXPIRED_TOKEN_BODY, registerUser, signIn, type TestUser } from '../../test-support/users.ts';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('your devices', () => {
  let t: TestApp;
  let ann: TestUser;
  const sockets = new OpenSockets();
  const connect = (token: string) => sockets.connect(t.baseUrl, token);
  const list = async (token: string) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    // The answer is held to the contract the client is typed with.
    return deviceSessionListSchema.parse(response.json());
  };
  const endDevice = (token: string, sessionId: string) =>
    t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${sessionId}`, headers: bearer(token) });
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
  /** The same user signing in from another device, which says what it is in its User-Agent. */
  const signInFrom = (user: TestUser, userAgent: string) =>
    signIn(t.app, user.username, { 'user-agent': userAgent });
  /** The sign-in id an access token names, read from the list that token gets. */
  const currentId = async (token: string) => (await list(token)).find((device) => device.current)?.id ?? '';

  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
    ann = await registerUser(t.app);
  });
  afterEach(async () => {
    sockets.closeAll();
    await t.close();
  });

  it('lists only the caller’s open sign-ins, recognisable, with the one asking marked current', async () => {
    const laptop = await signInFrom(ann, FIREFOX_LINUX);
    const phone = await signInFrom(ann, SAFARI_IPHONE);
    const bob = await registerUser(t.app);
    await signInFrom(bob, FIREFOX_LINUX);
    // A sign-in that ended is not a device any more.
    const gone = await signInFrom(ann, FIREFOX_LINUX);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      payload: { refreshToken: gone.refreshToken },
    });

    const devices = await list(laptop.accessToken);
    expect(devices).toHaveLength(3);
    const labels = devices.map((device) => [device.deviceLabel, device.current]);
    expect(labels).toContainEqual(['Firefox · Linux', true]);
    expect(labels).toContainEqual(['Safari · iOS', false]);
    // The registration made by inject() sent no User-Agent: kept, but not named.
    expect(labels).toContainEqual([null, false]);
    expect(devices.filter((device) => device.current)).toHaveLength(1);
    // This device comes first, the most recently used of the others next.
    expect(labels[0]).toEqual(['Firefox · Linux', true]);
    expect(labels[1]).toEqual(['Safari · iOS', false]);
    for (const device of devices) {
      expect(Date.parse(device.createdAt)).not.toBeNaN();
      expect(device.lastUsedAt >= device.createdAt).toBe(true);
    }
    // Asked from the phone, the phone is the current one.
    const fromPhone = await list(phone.accessToken);
    expect(fromPhone.find((device) => device.current)?.deviceLabel).toBe('Safari · iOS');
    expect(new Set(fromPhone.map((device) => device.id))).toEqual(
      new Set(devices.map((device) => device.id)),
    );
    // Bob sees his two sign-ins, none of Ann's.
    const bobs = await list(bob.token);
    expect(bobs).toHaveLength(2);
    expect(bobs.some((device) => devices.some((annDevice) => annDevice.id === device.id))).toBe(false);

    expect((await t.app.inject({ method: 'GET', url: '/api/auth/sessions' })).statusCode).toBe(401);
  });

  it('signing out another device closes its socket with a reason and refuses its token; this one stays', async () => {
    const phone = await signInFrom(ann, SAFARI_IPHONE);
    const laptopSocket = await connect(ann.token);
    const phoneSocket = await connect(phone.accessToken);
    let laptopTold = false;
    laptopSocket.on('auth:session-ended', () => {
      laptopTold = true;
    });
    const told = nextEvent(phoneSocket, 'auth:session-ended');
    const closed = disconnected(phoneSocket);

    const out = await endDevice(ann.token, await currentId(phone.accessToken));
    expect(out.statusCode).toBe(204);

    expect(await told).toEqual({ reason: 'signed-out' });
    expect(await closed).toBe('io server disconnect');
    expect((await me(phone.accessToken)).json()).toEqual(EXPIRED_TOKEN_BODY);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: phone.refreshToken },
    });
    expect(refresh.json()).toMatchObject({ error: { code: 'REFRESH_TOKEN_INVALID' } });
    await expect(connectSocket(t.baseUrl, phone.accessToken)).rejects.toMatchObject({
      data: { code: 'TOKEN_EXPIRED' },
    });

    await sleep(200);
    expect(laptopTold).toBe(false);
    expect(laptopSocket.connected).toBe(true);
    expect((await me(ann.token)).statusCode).toBe(200);
    expect((await list(ann.token)).map((device) => device.current)).toEqual([true]);
  });

  it('“sign out all other devices” keeps only the one asking', async () => {
    const phone = await signInFrom(ann, SAFARI_IPHONE);
    const tablet = await signInFrom(ann, FIREFOX_LINUX);
    const bob = await registerUser(t.app);
    const mine = await connect(ann.token);
    const others = [await connect(phone.accessToken), await connect(tablet.accessToken)];
    const bobSocket = await connect(bob.token);
    const told = others.map((socket) => nextEvent(socket, 'auth:session-ended'));
    const closed = others.map(disconnected);

    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sessions/end-others',
      headers: bearer(ann.token),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<EndedSessions>()).toEqual({ ended: 2 });

    expect(await Promise.all(told)).toEqual([{ reason: 'signed-out' }, { reason: 'signed-out' }]);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await me(phone.accessToken)).json()).toEqual(EXPIRED_TOKEN_BODY);
    expect((await me(tablet.accessToken)).json()).toEqual(EXPIRED_TOKEN_BODY);
    const left = await list(ann.token);
    expect(left).toHaveLength(1);
    expect(left[0]?.current).toBe(true);
    expect(mine.connected).toBe(true);
    // Someone else's sign-ins are not "other devices".
    expect(bobSocket.connected).toBe(true);
    expect((await me(bob.token)).statusCode).toBe(200);
  });

  it('another user’s sign-in answers exactly like one that does not exist, and stays signed in', async () => {
    const bob = await registerUser(t.app);
    const bobSocket = await connect(bob.token);
    const bobsId = await currentId(bob.token);

    const foreign = await endDevice(ann.token, bobsId);
    const unknown = await endDevice(ann.token, '3f1c1b9e-8d1a-4e2b-9a57-0c3a5e7d9b11');
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect(foreign.json()).toEqual({ error: { code: 'SESSION_NOT_FOUND', message: 'No such sign-in' } });

    await sleep(200);
    expect(bobSocket.connected).toBe(true);
    expect((await me(bob.token)).statusCode).toBe(200);

    // One of one's own that has already ended is not a device any more either.
    const phone = await signInFrom(ann, SAFARI_IPHONE);
    const phoneId = await currentId(phone.accessToken);
    expect((await endDevice(ann.token, phoneId)).statusCode).toBe(204);
    expect((await endDevice(ann.token, phoneId)).json()).toEqual(unknown.json());
  });

  it('“last active” moves when the sign-in refreshes, not on every request', async () => {
    const [before] = await list(ann.token);
    await sleep(20);
    await me(ann.token);
    const [afterRequest] = await list(ann.token);
    expect(afterRequest?.lastUsedAt).toBe(before?.lastUsedAt);

    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: ann.session.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const [afterRefresh] = await list(refreshed.json<AuthSession>().accessToken);
    expect(afterRefresh?.id).toBe(before?.id);
    expect(afterRefresh?.createdAt).toBe(before?.createdAt);
    expect(Date.parse(afterRefresh?.lastUsedAt ?? '')).toBeGreaterThan(Date.parse(before?.lastUsedAt ?? ''));
  });

  it.each([
    ['its refresh token expired unused', { refreshTokenTtlSeconds: 3 }],
    ['it passed its maximum age', { sessionMaxAgeSeconds: 3 }],
  ] as const)('a sign-in that can no longer be used is no device any more: %s', async (_case, limits) => {
    const short = await createTestApp({ auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, ...limits } });
    try {
      const bea = await registerUser(short.app);
      // Past the first sign-in's limit; the fresh one below has as long, enough to be listed on a loaded machine.
      await sleep(3200);
      // A fresh sign-in, then the list, end-others and delete as it sees them.
      const fresh = (await signIn(short.app, bea.username)).accessToken;
      const headers = bearer(fresh);
      const devices = deviceSessionListSchema.parse(
        (await short.app.inject({ method: 'GET', url: '/api/auth/sessions', headers })).json(),
      );
      expect(devices.map((device) => device.current)).toEqual([true]);
      const stale = await short.app.inject({
        method: 'POST',
        url: '/api/auth/sessions/end-others',
        headers,
      });
      // Nothing the user could see was ended.
      expect(stale.json<EndedSessions>()).toEqual({ ended: 0 });
    } finally {
      await short.close();
    }
  });
});
