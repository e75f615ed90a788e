import { eq, inArray } from 'drizzle-orm';
import type { MessageDto, ReactionSummary } from '../../../contract/messages.ts';
import type { MessageTranslationDto } from '../../../contract/translations.ts';
import type { AttachmentDto } from '../../../contract/attachments.ts';
import { attachmentsByMessage } from './attachment-store.ts';
import type { SqliteDb } from './connection.ts';
import { messages, messageTranslations, reactions, users } from './schema.ts';

type MessageRow = typeof messages.$inferSelect;

/** The columns that make a message as the API shows it: the row, its sender's public name. */
export function selectMessageWithSender(db: SqliteDb) {
  return db
    .select({ message: messages, senderUsername: users.username, senderDisplayName: users.displayName })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId));
}

export interface MessageWithSender {
  message: MessageRow;
  senderUsername: string;
  senderDisplayName: string;
}

type TranslationRow = typeof messageTranslations.$inferSelect;

export function toTranslationDto(row: TranslationRow, conversationId: string): MessageTranslationDto {
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

type ReactionRow = typeof reactions.$inferSelect;

/** Turns rows into API messages, loading the reactions and translations of all of them in two queries. */
export function toMessageViews(db: SqliteDb, rows: readonly MessageWithSender[]): MessageDto[] {
  const ids = rows.map((row) => row.message.id);
  if (ids.length === 0) return [];
  const reactionRows = db
    .select()
    .from(reactions)
    .where(inArray(reactions.messageId, ids))
    .orderBy(reactions.createdAt)
    .all();
  const translationRows = db
    .select()
    .from(messageTranslations)
    .where(inArray(messageTranslations.messageId, ids))
    .orderBy(messageTranslations.targetLanguage)
    .all();
  return toMessageViewsFrom(rows, reactionRows, translationRows, attachmentsByMessage(db, ids));
}

/** Assembles API messages from their rows, the rows of their reactions and translations (in order), and their attachments. */
export function toMessageViewsFrom(
  rows: readonly MessageWithSender[],
  reactionRows: readonly ReactionRow[],
  translationRows: readonly TranslationRow[],
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
  const translations = new Map<string, TranslationRow[]>();
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

export function loadMessageView(db: SqliteDb, id: string): MessageDto | undefined {
  const rows = selectMessageWithSender(db).where(eq(messages.id, id)).all();
  return toMessageViews(db, rows)[0];
}
