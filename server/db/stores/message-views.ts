import type { AttachmentDto } from '../../../contract/attachments.ts';
import type { MessageDto, ReactionSummary } from '../../../contract/messages.ts';
import type { MessageTranslationDto } from '../../../contract/translations.ts';

// How stored rows become the API's messages, the same on both databases: each dialect reads its own rows
// (../sqlite/message-views.ts, ../postgres/message-views.ts) and hands them here.

/** A message's columns as both schemas read them. */
export type MessageRowFields = Omit<MessageDto, 'sender' | 'reactions' | 'translations' | 'attachments'> & {
  senderId: string;
};

/** A message row with its sender's public name, as both dialects select it. */
export interface MessageWithSenderFields {
  message: MessageRowFields;
  senderUsername: string;
  senderDisplayName: string;
}

export interface ReactionRowFields {
  messageId: string;
  emoji: string;
  userId: string;
}

export type TranslationRowFields = Omit<MessageTranslationDto, 'conversationId'>;

export function toTranslationDto(row: TranslationRowFields, conversationId: string): MessageTranslationDto {
  return {
    messageId: row.messageId,
    conversationId,
    sourceLanguage: row.sourceLanguage,
    targetLanguage: row.targetLanguage,
    content: row.content,
    tier: row.tier,
    model: row.model,
    confidence: row.confidence,
    createdAt: row.createdAt,
  };
}

/** Assembles API messages from their rows, the rows of their reactions and translations (in order), and their attachments. */
export function toMessageViewsFrom(
  rows: readonly MessageWithSenderFields[],
  reactionRows: readonly ReactionRowFields[],
  translationRows: readonly TranslationRowFields[],
  attachments: ReadonlyMap<string, AttachmentDto[]>,
): MessageDto[] {
  const byMessage = new Map<string, Map<string, ReactionSummary>>();
  for (const reaction of reactionRows) {
    const summaries = byMessage.get(reaction.messageId) ?? new Map<string, ReactionSummary>();
    const summary = summaries.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, userIds: [] };
    summary.count += 1;
    summary.userIds.push(reaction.userId);
    summaries.set(reaction.emoji, summary);
    byMessage.set(reaction.messageId, summaries);
  }
  const translations = new Map<string, TranslationRowFields[]>();
  for (const row of translationRows)
    translations.set(row.messageId, [...(translations.get(row.messageId) ?? []), row]);
  return rows.map(({ message, senderUsername, senderDisplayName }) => ({
    id: message.id,
    conversationId: message.conversationId,
    clientMessageId: message.clientMessageId,
    sender: { id: message.senderId, username: senderUsername, displayName: senderDisplayName },
    content: message.content,
    originalLanguage: message.originalLanguage,
    replyToId: message.replyToId,
    seq: message.seq,
    version: message.version,
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    reactions: [...(byMessage.get(message.id)?.values() ?? [])],
    translations: (translations.get(message.id) ?? []).map((row) =>
      toTranslationDto(row, message.conversationId),
    ),
    attachments: attachments.get(message.id) ?? [],
  }));
}
