import { mentionedUserIds } from '../../contract/mentions.ts';
import type { ConversationStore } from '../db/stores/conversations.ts';
import { AppError } from '../errors.ts';

/**
 * A message may mention only members of its conversation (contract/mentions.ts says how a mention is
 * written): mentioning anyone else would notify nobody and reveal that an id exists. Checked on send and edit.
 * The answer does not say which id failed or why, so it cannot be used to probe for accounts.
 */
export async function requireMentionedMembers(
  repository: Pick<ConversationStore, 'findMembership'>,
  conversationId: string,
  content: string,
): Promise<void> {
  const ids = mentionedUserIds(content);
  const memberships = await Promise.all(ids.map((id) => repository.findMembership(conversationId, id)));
  if (memberships.some((membership) => membership === undefined)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A message can only mention members of its conversation');
  }
}
