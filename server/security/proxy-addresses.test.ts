import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../../test-support/raw-http.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, TEST_PASSWORD } from '../../test-support/users.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../settings.ts';
import type { AppOptions } from '../app.ts';

/** Auth routes allow 3 requests per minute per address in these tests. */
const PER_ADDRESS = 3;

describe('client addresses behind a proxy, and IPv6 /64 grouping (issue 12, found by reading)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const start = async (overrides: Partial<AppOptions>) => {
    t = await createTestApp({
      limits: { ...DEFAULT_REQUEST_LIMITS, authRequestsPerMinutePerIp: PER_ADDRESS },
      ...overrides,
    });
    return t.listen();
  };

  /** A refresh with a worthless token: 401 while the address has budget, 429 once it is spent. */
  const refreshFrom = async (url: string, forwardedFor?: string) =>
    (
      await postJson(
        url,
        '/api/auth/refresh',
        { refreshToken: 'x'.repeat(43) },
        forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      )
    ).status;

  it('by default X-Forwarded-For is ignored: a client cannot buy a fresh budget by writing one', async () => {
    const url = await start({});
    const statuses = [];
    for (let index = 1; index <= PER_ADDRESS + 1; index += 1) {
      statuses.push(await refreshFrom(url, `203.0.113.${index}`));
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('with trustProxy, each forwarded client has its own budget, keyed by what the proxy appended', async () => {
    const url = await start({ trustProxy: ['loopback'] });
    for (let index = 0; index < PER_ADDRESS; index += 1) {
      // The client wrote the first entry itself; only the last one (the proxy's) counts.
      expect(await refreshFrom(url, `198.51.100.${index}, 203.0.113.7`)).toBe(401);
    }
    expect(await refreshFrom(url, '198.51.100.99, 203.0.113.7')).toBe(429);
    expect(await refreshFrom(url, '203.0.113.8')).toBe(401);
    // The proxy itself (no header) is one more client, not everyone at once.
    expect(await refreshFrom(url)).toBe(401);
  });

  it('IPv6 clients of one /64 share a budget; another /64 has its own', async () => {
    const url = await start({ trustProxy: ['127.0.0.1', '::1'] });
    for (let host = 1; host <= PER_ADDRESS; host += 1) {
      expect(await refreshFrom(url, `2001:db8:1:2::${host}`)).toBe(401);
    }
    expect(await refreshFrom(url, '2001:db8:1:2:abcd:ef01:2345:6789')).toBe(429);
    expect(await refreshFrom(url, '2001:db8:1:3::1')).toBe(401);
  });

  it('the login throttle counts a /64 as one address, per account and overall', async () => {
    const url = await start({
      trustProxy: ['loopback'],
      limits: { ...DEFAULT_REQUEST_LIMITS, authRequestsPerMinutePerIp: 10_000 },
      auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, loginFailuresBeforeBlock: 5 },
    });
    if (t === undefined) throw new Error('no app');
    const ann = await registerUser(t.app);
    const login = async (address: string, password: string) =>
      (
        await postJson(
          url,
          '/api/auth/login',
          { username: ann.username, password },
          { 'x-forwarded-for': address },
        )
      ).status;
    for (let host = 1; host <= 5; host += 1) {
      expect(await login(`2001:db8:aa:bb::${host}`, 'wrong')).toBe(401);
    }
    // Rotating the host part inside the /64 does not reset the guesser's count…
    expect(await login('2001:db8:aa:bb::ffff', TEST_PASSWORD)).toBe(429);
    // …while the owner, elsewhere, gets in.
    expect(await login('2001:db8:cc:dd::1', TEST_PASSWORD)).toBe(200);
  });
});
