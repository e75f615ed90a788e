import { eq, inArray } from 'drizzle-orm';
import type { MessageDto } from '../../../contract/messages.ts';
import { toMessageViewsFrom } from '../stores/message-views.ts';
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

export function loadMessageView(db: SqliteDb, id: string): MessageDto | undefined {
  const rows = selectMessageWithSender(db).where(eq(messages.id, id)).all();
  return toMessageViews(db, rows)[0];
}
