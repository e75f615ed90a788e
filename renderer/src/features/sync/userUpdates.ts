import type { PublicUser } from '../../../../contract/users.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';

/**
 * Someone renamed themself (`user:updated`): every place the client keeps their name takes the new one, so
 * the members list, a direct conversation's title, the bubbles they sent and every mention of them (which
 * reads the members list, features/mentions/useMentionNames.ts) show it without a reload.
 */
export function applyUserUpdate(user: PublicUser): void {
  const renamed = (message: MessageDto): MessageDto =>
    message.sender.id === user.id
      ? { ...message, sender: { ...message.sender, displayName: user.displayName, username: user.username } }
      : message;
  useConversations.setState((s) => ({
    list: s.list.map((conversation) => ({
      ...conversation,
      peer: conversation.peer?.id === user.id ? { ...conversation.peer, ...user } : conversation.peer,
      lastMessage: conversation.lastMessage === null ? null : renamed(conversation.lastMessage),
    })),
    details: Object.fromEntries(
      Object.entries(s.details).map(([id, detail]) => [
        id,
        detail.members.some((member) => member.user.id === user.id)
          ? {
              ...detail,
              peer: detail.peer?.id === user.id ? { ...detail.peer, ...user } : detail.peer,
              members: detail.members.map((member) =>
                member.user.id === user.id ? { ...member, user: { ...member.user, ...user } } : member,
              ),
            }
          : detail,
      ]),
    ),
  }));
  useTimelines.setState((s) => ({
    timelines: Object.fromEntries(
      Object.entries(s.timelines).map(([id, timeline]) => [
        id,
        timeline.messages.some((message) => message.sender.id === user.id)
          ? { ...timeline, messages: timeline.messages.map(renamed) }
          : timeline,
      ]),
    ),
  }));
}
