import type { ConversationRecord, ConversationStore, MemberRecord } from '../db/stores/conversations.ts';
import { conversationNotFound } from '../errors.ts';

export interface Membership {
  conversation: ConversationRecord;
  member: MemberRecord;
}

/**
 * The gate in front of every conversation: a caller who is not a member gets the same answer as for a
 * conversation that does not exist. Checked on every call, since membership changes during a session.
 */
export async function requireMember(
  repository: Pick<ConversationStore, 'findMembership' | 'findConversation'>,
  conversationId: string,
  userId: string,
): Promise<Membership> {
  const member = await repository.findMembership(conversationId, userId);
  if (!member) throw conversationNotFound();
  const conversation = await repository.findConversation(conversationId);
  if (!conversation) throw conversationNotFound();
  return { conversation, member };
}
