import type { SessionEndReason } from '../../contract/auth.ts';
import type { RefreshTokenStore, SessionRecord } from '../db/stores/sign-ins.ts';
import type { SessionEnder } from './realtime-publisher.ts';

/**
 * Ending a sign-in, written once: logout, a replayed refresh token, the maximum age and "sign out that
 * device" all go through here, so each one refuses the tokens and closes the sockets the same way.
 * The database comes first (every server sharing it then refuses the tokens), the sockets second, and
 * only the first time it ends (a second ending has nothing new to tell them).
 */
export async function endSignIn(
  deps: { repository: Pick<RefreshTokenStore, 'endSession'>; sessions: SessionEnder },
  sessionId: string,
  now: Date,
  reason: SessionEndReason,
): Promise<boolean> {
  const ended = await deps.repository.endSession(sessionId, now.toISOString(), reason);
  if (ended) deps.sessions.endSession(sessionId, reason);
  return ended;
}

/** When a sign-in reaches its maximum age, however often it refreshed. */
export function maxAgeEnd(session: Pick<SessionRecord, 'createdAt'>, maxAgeSeconds: number): Date {
  return new Date(new Date(session.createdAt).getTime() + maxAgeSeconds * 1000);
}
