import { LIMITS } from '../../contract/limits.ts';
import { mentionedUserIds, readLength } from '../../contract/mentions.ts';
import { MESSAGE_TOO_LONG_TEXT } from '../../contract/messages.ts';
import type { ConversationStore } from '../db/stores/conversations.ts';
import type { UserStore } from '../db/stores/users.ts';
import { AppError } from '../errors.ts';

/**
 * Checks a message's text on send and edit, as far as its mentions matter (contract/mentions.ts says how a
 * mention is written):
 * - it may mention only members of its conversation: mentioning anyone else would notify nobody and reveal
 *   that an id exists. The answer does not say which id failed or why, so it cannot probe for accounts;
 * - its length is counted as its readers see it, each mention as `@` and the person's display name (what
 *   the writer's composer counted), not as the 37-character token stored.
 */
export async function requireMentionedMembers(
  repository: Pick<ConversationStore, 'findMembership'> & Pick<UserStore, 'findUsersByIds'>,
  conversationId: string,
  content: string,
): Promise<void> {
  const ids = mentionedUserIds(content);
  const memberships = await Promise.all(ids.map((id) => repository.findMembership(conversationId, id)));
  if (memberships.some((membership) => membership === undefined)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A message can only mention members of its conversation');
  }
  const names = new Map(
    (ids.length === 0 ? [] : await repository.findUsersByIds(ids)).map((user) => [user.id, user.displayName]),
  );
  if (readLength(content, (id) => names.get(id)) > LIMITS.messageMaxLength)
    throw new AppError(400, 'MESSAGE_TOO_LONG', MESSAGE_TOO_LONG_TEXT);
}
