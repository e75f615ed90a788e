import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { bearer, registerUser, type TestUser } from '../../test-support/users.ts';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';

/** The signing secret createTestApp gives its server: an attacker who learned it, or an old server. */
const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256-0123456789');
const TTL_SECONDS = 300;

describe('access tokens: maximum age and iat (issue 12, found by reading)', () => {
  let t: TestApp;
  let ann: TestUser;
  let sessionId = '';
  beforeAll(async () => {
    t = await createTestApp({
      auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10, accessTokenTtlSeconds: TTL_SECONDS },
    });
    await t.listen();
    ann = await registerUser(t.app);
    sessionId = String(decodeJwt(ann.token).sid);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A correctly signed token for Ann's live sign-in, issued and expiring when the test says. */
  const tokenIssuedAt = (issuedAt: number, expiresAt: number) =>
    new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(ann.id)
      .setIssuer('meeshy-desktop')
      .setAudience('meeshy-api')
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(SECRET);
  const me = async (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
  const now = () => Math.floor(Date.now() / 1000);

  it('a token the server itself issued works', async () => {
    expect((await me(ann.token)).statusCode).toBe(200);
    expect((await me(await tokenIssuedAt(now() - 10, now() + 60))).statusCode).toBe(200);
  });

  it('refuses a token older than the access-token lifetime, whatever its exp says', async () => {
    const old = await tokenIssuedAt(now() - 2 * 3600, now() + 24 * 3600);
    const response = await me(old);
    expect(response.statusCode).toBe(401);
    // Answered as expired, so a client holding one (from before the lifetime was shortened) just refreshes.
    expect(response.json()).toMatchObject({ error: { code: 'TOKEN_EXPIRED' } });
    await expect(connectSocket(t.baseUrl, old)).rejects.toThrow();
  });

  it('refuses a token issued in the future beyond a small clock skew', async () => {
    const future = await tokenIssuedAt(now() + 3600, now() + 3600 + 60);
    const response = await me(future);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await expect(connectSocket(t.baseUrl, future)).rejects.toThrow();
    // A replica whose clock runs a few seconds ahead is not a forger.
    expect((await me(await tokenIssuedAt(now() + 5, now() + 60))).statusCode).toBe(200);
  });
});
