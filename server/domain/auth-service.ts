import { randomUUID } from 'node:crypto';
import type { AuthSession, LoginBody, RegisterBody } from '../../contract/auth.ts';
import { UniqueViolationError, type ChatRepository, type RefreshTokenRecord } from '../db/repository.ts';
import { AppError, unauthenticated } from '../errors.ts';
import { AccessTokenError, type AccessTokens } from '../security/access-token.ts';
import { hashPassword, verifyPassword } from '../security/password.ts';
import { hashRefreshToken, newRefreshToken } from '../security/refresh-token.ts';
import type { AuthSettings } from '../settings.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PresenceReader } from './realtime-publisher.ts';
import { toSelfUser } from './user-views.ts';

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username, email or password');
const invalidRefreshToken = () =>
  new AppError(401, 'REFRESH_TOKEN_INVALID', 'Refresh token is invalid or expired; sign in again');

export interface AuthServiceDeps {
  repository: ChatRepository;
  accessTokens: AccessTokens;
  settings: AuthSettings;
  throttle: LoginThrottle;
  presence: PresenceReader;
}

export class AuthService {
  /** Compared against when the account does not exist, so that timing does not reveal which names exist. */
  private decoyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {}

  async register(body: RegisterBody): Promise<AuthSession> {
    const now = new Date().toISOString();
    const passwordHash = await hashPassword(body.password, this.deps.settings.scryptLogN);
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
      return await this.openSession(user.id, randomUUID());
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        throw error.field === 'email'
          ? new AppError(409, 'EMAIL_TAKEN', 'An account already uses this email address')
          : new AppError(409, 'USERNAME_TAKEN', 'This username is taken');
      }
      throw error;
    }
  }

  async login(body: LoginBody, address: string): Promise<AuthSession> {
    const login = (body.username ?? body.email ?? '').toLowerCase();
    const user = await this.deps.repository.findUserByUsernameOrEmail(login);
    const account = user ? `user:${user.id}` : `name:${login}`;
    await this.deps.throttle.takeAttempt(account, address);
    const matches = await verifyPassword(body.password, user?.passwordHash ?? (await this.decoy()));
    if (!user || !matches) throw invalidCredentials();
    await this.deps.throttle.recordSuccess(account, address);
    return this.openSession(user.id, randomUUID());
  }

  /** Exchanges a refresh token for a new pair. A token used twice revokes every token of its sign-in. */
  async refresh(refreshToken: string): Promise<AuthSession> {
    const { repository } = this.deps;
    const now = new Date();
    const stored = await repository.findRefreshTokenByHash(hashRefreshToken(refreshToken));
    if (!stored || stored.revokedAt !== null || new Date(stored.expiresAt) <= now)
      throw invalidRefreshToken();
    if (stored.rotatedAt !== null) return this.rejectReuse(stored, now);
    // Rotation extends a session by one refresh lifetime at a time, but never past the sign-in's maximum age.
    const startedAt = await repository.refreshFamilyStartedAt(stored.familyId);
    const maxAgeMs = this.deps.settings.sessionMaxAgeSeconds * 1000;
    if (startedAt === undefined || now.getTime() - new Date(startedAt).getTime() > maxAgeMs) {
      await repository.revokeRefreshTokenFamily(stored.familyId, now.toISOString());
      throw invalidRefreshToken();
    }
    const { token, record } = this.newRefreshRecord(stored.userId, stored.familyId, now);
    const rotated = await repository.rotateRefreshToken(stored.id, now.toISOString(), record);
    if (!rotated) return this.rejectReuse(stored, now);
    return this.sessionFor(stored.userId, token);
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.deps.repository.findRefreshTokenByHash(hashRefreshToken(refreshToken));
    if (stored)
      await this.deps.repository.revokeRefreshTokenFamily(stored.familyId, new Date().toISOString());
  }

  /** Returns the user id an access token was issued to, and when it expires. */
  async authenticate(accessToken: string): Promise<{ userId: string; expiresAt: Date }> {
    try {
      const claims = await this.deps.accessTokens.verify(accessToken);
      // A token outliving its account (deleted user) is worthless.
      if (!(await this.deps.repository.findUserById(claims.userId))) throw unauthenticated();
      return claims;
    } catch (error) {
      if (error instanceof AccessTokenError && error.expired) {
        throw new AppError(401, 'TOKEN_EXPIRED', 'Access token expired; refresh it');
      }
      if (error instanceof AccessTokenError || error instanceof AppError) {
        throw unauthenticated('Invalid access token');
      }
      // A database failure is the server's problem, not a bad token: it must not sign the user out.
      throw error;
    }
  }

  private async rejectReuse(stored: RefreshTokenRecord, now: Date): Promise<never> {
    await this.deps.repository.revokeRefreshTokenFamily(stored.familyId, now.toISOString());
    throw new AppError(
      401,
      'REFRESH_TOKEN_REUSED',
      'Refresh token was already used; every session of it is revoked',
    );
  }

  private async openSession(userId: string, familyId: string): Promise<AuthSession> {
    const { token, record } = this.newRefreshRecord(userId, familyId, new Date());
    await this.deps.repository.insertRefreshToken(record);
    return this.sessionFor(userId, token);
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

  private async sessionFor(userId: string, refreshToken: string): Promise<AuthSession> {
    const user = await this.deps.repository.findUserById(userId);
    if (!user) throw invalidRefreshToken();
    return {
      accessToken: await this.deps.accessTokens.issue(userId),
      expiresIn: this.deps.accessTokens.ttlSeconds,
      refreshToken,
      user: toSelfUser(user, this.deps.presence),
    };
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(newRefreshToken(), this.deps.settings.scryptLogN);
    return this.decoyHash;
  }
}
