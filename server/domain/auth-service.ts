import { randomUUID } from 'node:crypto';
import type { AuthSession, LoginBody, RegisterBody, SessionEndReason } from '../../contract/auth.ts';
import type { RefreshTokenRecord, RefreshTokenStore, SessionRecord } from '../db/stores/sign-ins.ts';
import { UniqueViolationError, type UserStore } from '../db/stores/users.ts';
import { AppError, unauthenticated } from '../errors.ts';
import { AccessTokenError, type AccessTokens } from '../security/access-token.ts';
import { hashPassword, verifyPassword } from '../security/password.ts';
import { hashRefreshToken, newRefreshToken } from '../security/refresh-token.ts';
import type { AuthSettings } from '../settings.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PresenceReader, SessionEnder } from './realtime-publisher.ts';
import { deviceLabel } from './device-label.ts';
import { RefreshGrace } from './refresh-grace.ts';
import { endSignIn, maxAgeEnd } from './sign-in-lifetime.ts';
import { toSelfUser } from './user-views.ts';

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username, email or password');
/**
 * An access token of an ended sign-in gets the very answer an expired one gets: the client's one path
 * (refresh, which then fails, and sign in again) covers both, and the token's holder learns nothing more.
 */
const tokenExpired = () => new AppError(401, 'TOKEN_EXPIRED', 'Access token expired; refresh it');
const invalidRefreshToken = () =>
  new AppError(401, 'REFRESH_TOKEN_INVALID', 'Refresh token is invalid or expired; sign in again');

export interface AuthServiceDeps {
  repository: UserStore & RefreshTokenStore;
  accessTokens: AccessTokens;
  settings: AuthSettings;
  throttle: LoginThrottle;
  presence: PresenceReader;
  /** Tells a sign-in's open sockets that it ended and closes them. */
  sessions: SessionEnder;
}

export interface Authenticated {
  userId: string;
  sessionId: string;
  /** Set for a guest: the one conversation their token reaches (contract/join.ts). */
  guestConversationId: string | null;
  /** When the access token stops working: its own expiry, or its sign-in's maximum age if sooner. */
  expiresAt: Date;
}

export class AuthService {
  /** Compared against when the account does not exist, so that timing does not reveal which names exist. */
  private decoyHash: Promise<string> | undefined;
  private readonly grace: RefreshGrace;

  constructor(private readonly deps: AuthServiceDeps) {
    this.grace = new RefreshGrace(deps.settings.refreshGraceSeconds * 1000);
  }

  /** `userAgent` only names the new sign-in in the user's list of devices. */
  async register(body: RegisterBody, userAgent?: string): Promise<AuthSession> {
    const now = new Date().toISOString();
    const passwordHash = await hashPassword(
      body.password,
      this.deps.settings.scryptLogN,
      this.deps.settings.passwordHashQueueMax,
    );
    try {
      const user = await this.deps.repository.createUser({
        id: randomUUID(),
        username: body.username,
        email: body.email,
        displayName: body.displayName ?? body.username,
        passwordHash,
        systemLanguage: body.systemLanguage,
        regionalLanguage: body.regionalLanguage ?? null,
        customDestinationLanguage: null,
        autoTranslateEnabled: true,
        translateToSystemLanguage: true,
        translateToRegionalLanguage: false,
        useCustomDestination: false,
        readLanguages: body.readLanguages ?? [],
        createdAt: now,
      });
      return await this.openSession(user.id, randomUUID(), userAgent);
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        throw error.field === 'email'
          ? new AppError(409, 'EMAIL_TAKEN', 'An account already uses this email address')
          : new AppError(409, 'USERNAME_TAKEN', 'This username is taken');
      }
      throw error;
    }
  }

  async login(body: LoginBody, address: string, userAgent?: string): Promise<AuthSession> {
    const login = (body.username ?? body.email ?? '').toLowerCase();
    const user = await this.deps.repository.findUserByUsernameOrEmail(login);
    const account = user ? `user:${user.id}` : `name:${login}`;
    await this.deps.throttle.takeAttempt(account, address);
    const matches = await verifyPassword(
      body.password,
      user?.passwordHash ?? (await this.decoy()),
      this.deps.settings.passwordHashQueueMax,
    );
    if (!user || !matches) {
      await this.deps.throttle.recordFailure(account);
      throw invalidCredentials();
    }
    await this.deps.throttle.recordSuccess(account, address);
    return this.openSession(user.id, randomUUID(), userAgent);
  }

  /** Exchanges a refresh token for a new pair. A token used twice revokes every token of its sign-in. */
  async refresh(refreshToken: string): Promise<AuthSession> {
    const { repository } = this.deps;
    const now = new Date();
    const usedHash = hashRefreshToken(refreshToken);
    const stored = await repository.findRefreshTokenByHash(usedHash);
    if (!stored || stored.revokedAt !== null || new Date(stored.expiresAt) <= now)
      throw invalidRefreshToken();
    if (stored.rotatedAt !== null) return this.replayOrRejectReuse(stored, usedHash, now);
    // The sign-in itself decides, not only its tokens: one that has ended (or was never recorded, as a token
    // written by an older server sharing this database would be) refreshes no more, even if a token of it was
    // somehow left unrevoked. Failing closed costs such a user one sign-in.
    const session = await repository.findSession(stored.familyId);
    if (session?.userId !== stored.userId || session.endedAt !== null) throw invalidRefreshToken();
    // Rotation extends a session by one refresh lifetime at a time, but never past the sign-in's maximum age.
    if (this.maxAgeEnd(session).getTime() <= now.getTime()) {
      await this.endSession(stored.familyId, now, 'expired');
      throw new AppError(401, 'SESSION_EXPIRED', 'This sign-in reached its maximum age; sign in again');
    }
    const { token, record } = this.newRefreshRecord(stored.userId, stored.familyId, now);
    const rotated = await repository.rotateRefreshToken(stored.id, now.toISOString(), record);
    if (!rotated) return this.replayOrRejectReuse(stored, usedHash, now);
    const pair = this.sessionFor(stored.userId, stored.familyId, token);
    this.grace.remember(usedHash, record.tokenHash, pair, now.getTime());
    return pair;
  }

  /**
   * A rotated token replayed within the grace, while the pair it was exchanged for is still the newest
   * of its sign-in, gets that pair again; any other replay is reuse.
   */
  private async replayOrRejectReuse(
    stored: RefreshTokenRecord,
    usedHash: string,
    now: Date,
  ): Promise<AuthSession> {
    const entry = this.grace.find(usedHash, now.getTime());
    if (entry) {
      const replacement = await this.deps.repository.findRefreshTokenByHash(entry.replacementHash);
      if (replacement?.rotatedAt === null && replacement.revokedAt === null) return entry.pair;
    }
    return this.rejectReuse(stored, now);
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.deps.repository.findRefreshTokenByHash(hashRefreshToken(refreshToken));
    if (stored) await this.endSession(stored.familyId, new Date(), 'signed-out');
  }

  /** Returns who an access token was issued to, under which sign-in, and until when it works. */
  async authenticate(accessToken: string): Promise<Authenticated> {
    try {
      const claims = await this.deps.accessTokens.verify(accessToken);
      // The sign-in is read from the database on every request and handshake, not from a cache: the
      // database is what every server sharing it sees, so a sign-out on one stops the token on all of them
      // at once, which a cache in process memory could only do after its entries aged out. It is one
      // primary-key lookup, and it replaces the user lookup made here before (a user's sign-ins are
      // deleted with the account), so authenticating costs what it did.
      const session = await this.deps.repository.findSession(claims.sessionId);
      if (session?.userId !== claims.userId) throw unauthenticated();
      const sessionEndsAt = this.maxAgeEnd(session);
      if (session.endedAt !== null || sessionEndsAt.getTime() <= Date.now()) throw tokenExpired();
      return {
        userId: claims.userId,
        sessionId: claims.sessionId,
        guestConversationId: claims.guestConversationId,
        expiresAt: new Date(Math.min(claims.expiresAt.getTime(), sessionEndsAt.getTime())),
      };
    } catch (error) {
      if (error instanceof AccessTokenError && error.expired) throw tokenExpired();
      if (error instanceof AppError && error.code === 'TOKEN_EXPIRED') throw error;
      // The server's own failure (storage refusing after a failed sync) is not a bad token either.
      if (error instanceof AppError && error.statusCode >= 500) throw error;
      if (error instanceof AccessTokenError || error instanceof AppError) {
        throw unauthenticated('Invalid access token');
      }
      // A database failure is the server's problem, not a bad token: it must not sign the user out.
      throw error;
    }
  }

  private async endSession(sessionId: string, now: Date, reason: SessionEndReason): Promise<void> {
    await endSignIn(this.deps, sessionId, now, reason);
  }

  private maxAgeEnd(session: SessionRecord): Date {
    return maxAgeEnd(session, this.deps.settings.sessionMaxAgeSeconds);
  }

  private async rejectReuse(stored: RefreshTokenRecord, now: Date): Promise<never> {
    // A replayed token may be a stolen one: the thief's and the victim's copies of this sign-in both end.
    await this.endSession(stored.familyId, now, 'revoked');
    throw new AppError(
      401,
      'REFRESH_TOKEN_REUSED',
      'Refresh token was already used; every session of it is revoked',
    );
  }

  /** Starts a sign-in; public for users who come in without a password (a guest joining by link). */
  async openSession(userId: string, familyId: string, userAgent?: string): Promise<AuthSession> {
    const now = new Date();
    const { token, record } = this.newRefreshRecord(userId, familyId, now);
    await this.deps.repository.startSession(
      {
        id: familyId,
        userId,
        createdAt: now.toISOString(),
        deviceLabel: deviceLabel(userAgent),
        lastUsedAt: now.toISOString(),
      },
      record,
    );
    return this.sessionFor(userId, familyId, token);
  }

  private newRefreshRecord(userId: string, familyId: string, now: Date) {
    const token = newRefreshToken();
    const record: RefreshTokenRecord = {
      id: randomUUID(),
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(now.getTime() + this.deps.settings.refreshTokenTtlSeconds * 1000).toISOString(),
      rotatedAt: null,
      revokedAt: null,
      createdAt: now.toISOString(),
    };
    return { token, record };
  }

  private async sessionFor(userId: string, sessionId: string, refreshToken: string): Promise<AuthSession> {
    const user = await this.deps.repository.findUserById(userId);
    if (!user) throw invalidRefreshToken();
    return {
      // A guest's scope is read from their account at every issue, so no refresh can widen it.
      accessToken: await this.deps.accessTokens.issue(userId, sessionId, user.guestConversationId),
      expiresIn: this.deps.accessTokens.ttlSeconds,
      refreshToken,
      user: toSelfUser(user, this.deps.presence),
    };
  }

  private decoy(): Promise<string> {
    // Made without the queue bound (it is made once), and forgotten if it fails, so one failure is not kept.
    this.decoyHash ??= hashPassword(newRefreshToken(), this.deps.settings.scryptLogN, Infinity).catch(
      (error: unknown) => {
        this.decoyHash = undefined;
        throw error;
      },
    );
    return this.decoyHash;
  }
}
