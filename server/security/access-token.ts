import { errors, jwtVerify, SignJWT } from 'jose';

const ALGORITHM = 'HS256';
const ISSUER = 'meeshy-desktop';
const AUDIENCE = 'meeshy-api';
/** Explicit token type (RFC 8725 §3.11) so no other JWT signed with the same key passes as an access token. */
const TOKEN_TYPE = 'at+jwt';

export interface AccessTokenClaims {
  userId: string;
  /** The sign-in the token was issued under (`sid`, as in OpenID Connect): ending it stops the token. */
  sessionId: string;
  /** A guest's token names the one conversation it may reach (`gcid`); null for an account's token. */
  guestConversationId: string | null;
  expiresAt: Date;
}

export class AccessTokenError extends Error {
  constructor(readonly expired: boolean) {
    super(expired ? 'Access token expired' : 'Invalid access token');
  }
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string, sessionId: string, guestConversationId: string | null = null): Promise<string> {
    return new SignJWT(
      guestConversationId === null ? { sid: sessionId } : { sid: sessionId, gcid: guestConversationId },
    )
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      // The algorithm is pinned: a token claiming "none" or an asymmetric algorithm is refused outright.
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        throw new AccessTokenError(false);
      }
      // Tokens signed before sign-ins were tracked have no `sid`: answered as expired, so the client
      // refreshes (its refresh token's family is its sign-in) and gets one that names it.
      if (typeof payload.sid !== 'string' || payload.sid === '') throw new AccessTokenError(true);
      const guestConversationId = typeof payload.gcid === 'string' ? payload.gcid : null;
      return {
        userId: payload.sub,
        sessionId: payload.sid,
        guestConversationId,
        expiresAt: new Date(payload.exp * 1000),
      };
    } catch (error) {
      if (error instanceof AccessTokenError) throw error;
      throw new AccessTokenError(error instanceof errors.JWTExpired);
    }
  }
}
