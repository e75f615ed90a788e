import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokenError, AccessTokens } from './access-token.ts';

const secret = 'a-secret-that-is-long-enough-for-hs256-0123456789';
const tokens = new AccessTokens(secret, 60);
const key = new TextEncoder().encode(secret);

const forged = (
  header: { alg: string; typ?: string },
  claims: { iss?: string; aud?: string; exp?: string },
) =>
  new SignJWT({})
    .setProtectedHeader(header)
    .setSubject('user-1')
    .setIssuer(claims.iss ?? 'meeshy-desktop')
    .setAudience(claims.aud ?? 'meeshy-api')
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '60s')
    .sign(key);

describe('access tokens', () => {
  it('round-trips the user id and the sign-in', async () => {
    const claims = await tokens.verify(await tokens.issue('user-1', 'session-1'));
    expect(claims.userId).toBe('user-1');
    expect(claims.sessionId).toBe('session-1');
    expect(claims.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses an unsigned alg:none token', async () => {
    const unsigned = new UnsecuredJWT({})
      .setSubject('user-1')
      .setIssuer('meeshy-desktop')
      .setAudience('meeshy-api')
      .setIssuedAt()
      .setExpirationTime('60s')
      .encode();
    await expect(tokens.verify(unsigned)).rejects.toBeInstanceOf(AccessTokenError);
  });

  it('refuses another algorithm, another type, issuer or audience, and a tampered signature', async () => {
    await expect(tokens.verify(await forged({ alg: 'HS512', typ: 'at+jwt' }, {}))).rejects.toThrow(
      AccessTokenError,
    );
    await expect(tokens.verify(await forged({ alg: 'HS256', typ: 'JWT' }, {}))).rejects.toThrow(
      AccessTokenError,
    );
    await expect(
      tokens.verify(await forged({ alg: 'HS256', typ: 'at+jwt' }, { iss: 'evil' })),
    ).rejects.toThrow();
    await expect(
      tokens.verify(await forged({ alg: 'HS256', typ: 'at+jwt' }, { aud: 'other' })),
    ).rejects.toThrow();
    const good = await tokens.issue('user-1', 'session-1');
    const tampered = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verify(tampered)).rejects.toThrow(AccessTokenError);
  });

  it('answers a well-signed token that names no sign-in (issued before they were tracked) as expired', async () => {
    const older = await forged({ alg: 'HS256', typ: 'at+jwt' }, {});
    await expect(tokens.verify(older)).rejects.toMatchObject({ expired: true });
  });

  it('tells an expired token apart', async () => {
    const expired = await forged({ alg: 'HS256', typ: 'at+jwt' }, { exp: '-10s' });
    await expect(tokens.verify(expired)).rejects.toMatchObject({ expired: true });
  });
});
