import type { ConversationDetail, ConversationSummary } from '../../../../contract/conversations.ts';
import type { PublicUser } from '../../../../contract/users.ts';

/**
 * The other person of a direct conversation: named by the list itself, or found among the members of a
 * detail (fresher, when one has been loaded since).
 */
export function directPeer(
  conversation: ConversationSummary,
  detail: ConversationDetail | undefined,
  selfId: string,
): PublicUser | undefined {
  if (conversation.type !== 'direct') return undefined;
  return detail?.members.find((m) => m.user.id !== selfId)?.user ?? conversation.peer ?? undefined;
}

export function conversationTitle(
  conversation: ConversationSummary,
  detail: ConversationDetail | undefined,
  selfId: string,
  globalLabel: string,
): string {
  if (conversation.title !== null && conversation.title !== '') return conversation.title;
  if (conversation.type === 'global') return globalLabel;
  const peer = directPeer(conversation, detail, selfId);
  if (peer !== undefined) return peer.displayName;
  return detail?.members.map((m) => m.user.displayName).join(', ') ?? '…';
}

/** Two letters for the avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '') : name.slice(0, 2);
  return letters.toUpperCase();
}
