import type { DeviceSession, EndedSessions } from '../../contract/auth.ts';
import type { RefreshTokenStore, SessionRecord } from '../db/stores/sign-ins.ts';
import { AppError } from '../errors.ts';
import type { SessionEnder } from './realtime-publisher.ts';
import { endSignIn, maxAgeEnd } from './sign-in-lifetime.ts';

/**
 * "Your devices": a user's open sign-ins, and ending any of them from another. Every method takes the
 * caller's own user id and sign-in id from their access token, never from input, so nobody can list or
 * end someone else's sign-ins.
 */
export interface DeviceServiceDeps {
  repository: Pick<RefreshTokenStore, 'openSessionsOf' | 'findSession' | 'endSession'>;
  sessions: SessionEnder;
  sessionMaxAgeSeconds: number;
  refreshTokenTtlSeconds: number;
}

/**
 * Another user's sign-in, one that ended and one that never existed all get this same answer: the id
 * of someone else's sign-in must not be confirmable by probing.
 */
const sessionNotFound = () => new AppError(404, 'SESSION_NOT_FOUND', 'No such sign-in');

export class DeviceService {
  constructor(private readonly deps: DeviceServiceDeps) {}

  async list(userId: string, currentSessionId: string): Promise<DeviceSession[]> {
    const now = Date.now();
    const open = await this.deps.repository.openSessionsOf(userId);
    return (
      open
        .filter((session) => this.isLive(session, now))
        .map((session) => ({
          id: session.id,
          deviceLabel: session.deviceLabel,
          createdAt: session.createdAt,
          lastUsedAt: session.lastUsedAt ?? session.createdAt,
          current: session.id === currentSessionId,
        }))
        // This device first, then the others as the store gives them: most recently used first.
        .sort((a, b) => Number(b.current) - Number(a.current))
    );
  }

  /** Signs out one of the user's devices, exactly as signing out on that device would (reason `signed-out`). */
  async end(userId: string, sessionId: string): Promise<void> {
    const session = await this.deps.repository.findSession(sessionId);
    if (session?.userId !== userId || !this.isLive(session, Date.now())) throw sessionNotFound();
    await endSignIn(this.deps, sessionId, new Date(), 'signed-out');
  }

  /**
   * "Sign out all other devices": every live sign-in of the user but the one asking; the count is of those
   * the user could see in the list. Sign-ins already unusable are recorded as what they are (expired).
   */
  async endOthers(userId: string, currentSessionId: string): Promise<EndedSessions> {
    const now = new Date();
    const others = (await this.deps.repository.openSessionsOf(userId)).filter(
      (session) => session.id !== currentSessionId,
    );
    let ended = 0;
    for (const session of others) {
      if (!this.isLive(session, now.getTime())) await endSignIn(this.deps, session.id, now, 'expired');
      else if (await endSignIn(this.deps, session.id, now, 'signed-out')) ended += 1;
    }
    return { ended };
  }

  /**
   * Still usable: not ended, younger than the maximum age, and with a refresh token not yet expired (it
   * was issued when the sign-in was last used); a sign-in past either limit is over before anything says so.
   */
  private isLive(session: SessionRecord, now: number): boolean {
    const lastUsed = new Date(session.lastUsedAt ?? session.createdAt).getTime();
    return (
      session.endedAt === null &&
      maxAgeEnd(session, this.deps.sessionMaxAgeSeconds).getTime() > now &&
      lastUsed + this.deps.refreshTokenTtlSeconds * 1000 > now
    );
  }
}
