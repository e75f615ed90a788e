import type { MessageNotice } from '../contract/desktop-bridge.ts';

export interface NotificationContext {
  /** The app's window has the focus: the user sees the conversation list (and its unread counts) already. */
  windowFocused: boolean;
  doNotDisturb: boolean;
}

/** Why a message gets no native notification; `notify` when it gets one. */
export type NotificationDecision = 'notify' | 'own-message' | 'muted' | 'do-not-disturb' | 'window-focused';

/** Whether a new message shows a native notification, and if not, why (checked in this order). */
export function decideNotification(
  notice: MessageNotice,
  context: NotificationContext,
): NotificationDecision {
  if (notice.fromSelf) return 'own-message';
  if (notice.conversationMuted) return 'muted';
  if (context.doNotDisturb) return 'do-not-disturb';
  if (context.windowFocused) return 'window-focused';
  return 'notify';
}
