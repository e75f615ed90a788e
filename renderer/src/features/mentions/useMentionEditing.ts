import { useState } from 'react';
import type { MessageDto } from '../../../../contract/messages.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { decodeMentions, encodeMentions } from './mentionQuery.ts';

/**
 * Editing a message that mentions people: the field shows their names, not their ids, and saving writes the
 * ids back (names taken once, when the edit starts).
 */
export function useMentionEditing(message: MessageDto): {
  initialText: string;
  encode: (text: string) => string;
} {
  const members = useConversations((s) => s.details[message.conversationId]?.members);
  const [decoded] = useState(() =>
    decodeMentions(
      message.content,
      (members ?? []).map((member) => ({
        userId: member.user.id,
        displayName: member.user.displayName,
        username: member.user.username,
      })),
    ),
  );
  return { initialText: decoded.text, encode: (text) => encodeMentions(text, decoded.picked) };
}
