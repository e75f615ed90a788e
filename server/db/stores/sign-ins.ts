import type { SessionEndReason } from '../../../contract/auth.ts';

// The sign-ins (sessions) and the refresh tokens that keep each one going.

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

// One sign-in; its id is the family id of its refresh tokens and the `sid` claim of its access tokens.
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  /** "Firefox · Linux": how the user recognises the sign-in; null if it predates labels or was not recognised. */
  deviceLabel: string | null;
  /** When it started or last refreshed its tokens (null only in rows no migration has reached). */
  lastUsedAt: string | null;
  endedAt: string | null;
  endReason: SessionEndReason | null;
}

export interface RefreshTokenStore {
  /** Records a new sign-in and its first refresh token, in one transaction. */
  startSession(
    session: Pick<SessionRecord, 'id' | 'userId' | 'createdAt' | 'deviceLabel' | 'lastUsedAt'>,
    firstToken: RefreshTokenRecord,
  ): Promise<void>;
  findSession(id: string): Promise<SessionRecord | undefined>;
  /** The user's sign-ins that have not ended, most recently used first (the maximum age is the caller's). */
  openSessionsOf(userId: string): Promise<SessionRecord[]>;
  /** Of these sign-ins, the ones that have ended, and why (primary-key lookups, for sockets still open). */
  endedSessions(ids: readonly string[]): Promise<{ id: string; reason: SessionEndReason }[]>;
  findRefreshTokenByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Marks `used` as rotated and stores its replacement atomically. Returns false (and stores nothing)
   * when `used` was already rotated or revoked: the caller is replaying an old token. A rotation is a use
   * of the sign-in, so its `lastUsedAt` moves to `at` in the same transaction.
   */
  rotateRefreshToken(usedId: string, at: string, replacement: RefreshTokenRecord): Promise<boolean>;
  /**
   * Ends a sign-in: revokes every refresh token of its family and marks the session ended, in one
   * transaction. Returns false when it had already ended (nothing to tell its sockets again).
   */
  endSession(familyId: string, at: string, reason: SessionEndReason): Promise<boolean>;
  /**
   * Forgets what can no longer matter: refresh tokens expired before `now` (a replayed expired token is
   * refused as invalid whether or not it is kept), sign-ins ended before `endedBefore`, and sign-ins
   * never ended but unused since before `idleBefore` (their tokens long expired). Returns what went.
   */
  purgeExpired(
    now: string,
    endedBefore: string,
    idleBefore: string,
  ): Promise<{ refreshTokens: number; sessions: number }>;
}
