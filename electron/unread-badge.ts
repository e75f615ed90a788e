/**
 * The unread count shown on the tray and the dock/taskbar badge. The page reports a number; a hostile or
 * buggy page could send anything, so it is reduced to a whole number from 0 to a cap.
 */
export const BADGE_CAP = 9_999;

export function unreadBadgeCount(reported: unknown): number {
  if (typeof reported !== 'number' || !Number.isFinite(reported) || reported <= 0) return 0;
  return Math.min(Math.floor(reported), BADGE_CAP);
}

/** What the tray's tooltip and a small badge show: nothing for zero, `99+` past 99. */
export function unreadBadgeLabel(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** The sum the page reports: unread messages of the conversations that are not muted. */
export function unreadTotal(conversations: readonly { unreadCount: number; muted: boolean }[]): number {
  return conversations.reduce(
    (sum, conversation) => sum + (conversation.muted ? 0 : conversation.unreadCount),
    0,
  );
}
