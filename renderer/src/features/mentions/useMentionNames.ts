import { useConversations } from '../conversations/conversationsStore.ts';

/**
 * The current display names of a conversation's members, by user id: from the members list the client
 * reloads each time the conversation opens, so a renamed user shows under their new name in every message
 * that mentions them, old ones included.
 */
export function useMentionNames(conversationId: string): ReadonlyMap<string, string> {
  const members = useConversations((s) => s.details[conversationId]?.members);
  const names = new Map<string, string>();
  for (const member of members ?? []) names.set(member.user.id, member.user.displayName);
  return names;
}
