import { Notification } from 'electron';
import type { MessageNotice } from '../contract/desktop-bridge.ts';
import { decideNotification, type NotificationContext } from './notification-decision.ts';

/**
 * Shows a native notification for a new message when the decision says so (the page wrote the title and
 * body in the reader's language); a click calls `onClick` with the conversation to show.
 */
export function notifyMessage(
  notice: MessageNotice,
  context: NotificationContext,
  onClick: (conversationId: string) => void,
): boolean {
  if (decideNotification(notice, context) !== 'notify' || !Notification.isSupported()) return false;
  const notification = new Notification({ title: notice.title, body: notice.body });
  notification.on('click', () => {
    onClick(notice.conversationId);
  });
  notification.show();
  return true;
}
