import { eq, inArray } from 'drizzle-orm';
import type { MessageDto, ReactionSummary } from '../../../contract/messages.ts';
import type { MessageTranslationDto } from '../../../contract/translations.ts';
import { attachmentsByMessage } from './attachment-store.ts';
import type { PgQueries } from './connection.ts';
import { messages, messageTranslations, reactions, users } from './schema.ts';

// The Postgres twin of ../sqlite/message-views.ts: the same API messages from the same rows.

type MessageRow = typeof messages.$inferSelect;
type TranslationRow = typeof messageTranslations.$inferSelect;

export function selectMessageWithSender(db: PgQueries) {
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

async function translationsByMessage(
  db: PgQueries,
  ids: readonly string[],
): Promise<Map<string, TranslationRow[]>> {
  const byMessage = new Map<string, TranslationRow[]>();
  if (ids.length === 0) return byMessage;
  const rows = await db
    .select()
    .from(messageTranslations)
    .where(inArray(messageTranslations.messageId, [...ids]))
    .orderBy(messageTranslations.targetLanguage);
  for (const row of rows) byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), row]);
  return byMessage;
}

/** Turns rows into API messages, loading the reactions and translations of all of them in two queries. */
export async function toMessageViews(
  db: PgQueries,
  rows: readonly MessageWithSender[],
): Promise<MessageDto[]> {
  const ids = rows.map((row) => row.message.id);
  const reactionRows =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(reactions)
          .where(inArray(reactions.messageId, ids))
          .orderBy(reactions.createdAt);
  const byMessage = new Map<string, Map<string, ReactionSummary>>();
  for (const reaction of reactionRows) {
    const summaries = byMessage.get(reaction.messageId) ?? new Map<string, ReactionSummary>();
    const summary = summaries.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, userIds: [] };
    summary.count += 1;
    summary.userIds.push(reaction.userId);
    summaries.set(reaction.emoji, summary);
    byMessage.set(reaction.messageId, summaries);
  }
  const translations = await translationsByMessage(db, ids);
  const attachments = await attachmentsByMessage(db, ids);
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

export async function loadMessageView(db: PgQueries, id: string): Promise<MessageDto | undefined> {
  const rows = await selectMessageWithSender(db).where(eq(messages.id, id));
  return (await toMessageViews(db, rows))[0];
}
