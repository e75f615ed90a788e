import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describe('login throttle cannot lock an account out (issue 12, item 3)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      auth: {
        ...DEFAULT_AUTH_SETTINGS,
        scryptLogN: 10,
        loginFailuresBeforeBlock: 5,
        loginAccountDelayBaseMs: 150,
        loginAccountDelayMaxMs: 600,
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  const login = (remoteAddress: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload, remoteAddress });

  it('five wrong passwords from one address do not keep the owner out from another', async () => {
    const ann = await registerUser(t.app);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login('203.0.113.7', { username: ann.username, password: 'wrong' })).statusCode).toBe(
        401,
      );
    }
    // The guessing address is stopped for that account…
    const sixth = await login('203.0.113.7', { username: ann.username, password: 'correct horse battery' });
    expect(sixth.statusCode).toBe(429);
    // …but the owner, by username or by email, from elsewhere, gets in.
    const owner = await login('198.51.100.20', { username: ann.username, password: 'correct horse battery' });
    expect(owner.statusCode).toBe(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await login('203.0.113.7', { email: `${ann.username}@example.test`, password: 'wrong' });
    }
    const byEmail = await login('198.51.100.21', {
      email: `${ann.username}@example.test`,
      password: 'correct horse battery',
    });
    expect(byEmail.statusCode).toBe(200);
  });

  it('guesses spread over many addresses are slowed more and more, never blocked', async () => {
    const ann = await registerUser(t.app);
    const timed = async (address: string, password: string) => {
      const started = Date.now();
      const response = await login(address, { username: ann.username, password });
      return { status: response.statusCode, ms: Date.now() - started };
    };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await timed(`192.0.2.${attempt + 1}`, 'wrong')).status).toBe(401);
    }
    const spacings: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await timed(`192.0.2.${attempt + 10}`, 'wrong');
      expect(result.status).toBe(401);
      spacings.push(result.ms);
    }
    // Each further failure doubles the wait (150, 300, 600 ms), within the cap.
    expect(spacings[0]).toBeGreaterThanOrEqual(100);
    expect(spacings[2]).toBeGreaterThanOrEqual(400);
    const owner = await timed('192.0.2.99', 'correct horse battery');
    expect(owner.status).toBe(200);
    // After the owner got in, the account is no longer slowed (it would wait the 600 ms cap otherwise).
    expect((await timed('192.0.2.100', 'wrong')).ms).toBeLessThan(400);
  });

  it('one address sweeping many accounts is cut off per address', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => registerUser(t.app)));
    const codes: number[] = [];
    for (const user of users) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        codes.push((await login('203.0.113.50', { username: user.username, password: 'wrong' })).statusCode);
      }
    }
    // 4×5 attempts per window for one address, whatever the accounts.
    expect(codes.filter((code) => code === 401)).toHaveLength(20);
    expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
  });
});
