import { create } from 'zustand';
import type { SessionEndReason } from '../../../../contract/auth.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { SessionManager } from './sessionManager.ts';

/** Why the server ended the last sign-in, for the sign-in screen to say so; null when there is nothing to say. */
export const useSessionEnded = create<{ reason: SessionEndReason | null }>(() => ({ reason: null }));

export const sessionEndedText: Record<SessionEndReason, MessageKey> = {
  'signed-out': 'auth.endedSignedOut',
  revoked: 'auth.endedRevoked',
  expired: 'auth.endedExpired',
};

/**
 * The server ended this sign-in: forget it on this device (no logout call, it is over already), which
 * brings up the sign-in screen, and leave the reason for it to show. A sign-out made here has cleared the
 * session before the server's event comes back: the user knows, so nothing is shown.
 */
export function endSession(
  session: Pick<SessionManager, 'current' | 'clear'>,
  reason: SessionEndReason,
): void {
  if (session.current() === null) return;
  useSessionEnded.setState({ reason });
  session.clear();
}
