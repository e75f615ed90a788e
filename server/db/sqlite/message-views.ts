import { eq, inArray } from 'drizzle-orm';
import type { MessageDto, ReactionSummary } from '../../../contract/messages.ts';
import type { SqliteDb } from './connection.ts';
import { messages, reactions, users } from './schema.ts';

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

/** Turns rows into API messages, loading the reactions of all of them in one query. */
export function toMessageViews(db: SqliteDb, rows: readonly MessageWithSender[]): MessageDto[] {
  const ids = rows.map((row) => row.message.id);
  const reactionRows =
    ids.length === 0
      ? []
      : db
          .select()
          .from(reactions)
          .where(inArray(reactions.messageId, ids))
          .orderBy(reactions.createdAt)
          .all();
  const byMessage = new Map<string, Map<string, ReactionSummary>>();
  for (const reaction of reactionRows) {
    const summaries = byMessage.get(reaction.messageId) ?? new Map<string, ReactionSummary>();
    const summary = summaries.get(reaction.emoji) ?? { emoji: reaction.emoji, count: 0, userIds: [] };
    summary.count += 1;
    summary.userIds.push(reaction.userId);
    summaries.set(reaction.emoji, summary);
    byMessage.set(reaction.messageId, summaries);
  }
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
  }));
}

export function loadMessageView(db: SqliteDb, id: string): MessageDto | undefined {
  const rows = selectMessageWithSender(db).where(eq(messages.id, id)).all();
  return toMessageViews(db, rows)[0];
}
