import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describe('the password-hash queue is bounded (issue 12, found by reading)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A costlier hash (N=2^14) so that a burst really queues; at most 4 may wait.
    t = await createTestApp({
      auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 14, passwordHashQueueMax: 4 },
    });
    await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a sign-in flood past the queue gets 503 with Retry-After, never a 500, and the server recovers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `198.18.0.${index + 1}`,
          payload: { username: `nobody${index}`, password: 'wrong password' },
        }),
      ),
    );
    const codes = responses.map((response) => response.statusCode);
    expect(codes.every((code) => code === 401 || code === 503)).toBe(true);
    const busy = responses.filter((response) => response.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]?.headers['retry-after']).toBe('2');
    expect(busy[0]?.json()).toMatchObject({ error: { code: 'SERVER_BUSY' } });
    // Once the burst is over, sign-ins are checked again.
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.18.1.1',
      payload: { username: 'nobody-later', password: 'wrong password' },
    });
    expect(later.statusCode).toBe(401);
  });
});
