import { eq, inArray } from 'drizzle-orm';
import type { MessageDto } from '../../../contract/messages.ts';
import { toMessageViewsFrom } from '../stores/message-views.ts';
import { attachmentsByMessage } from './attachment-store.ts';
import type { PgQueries } from './connection.ts';
import { messages, messageTranslations, reactions, users } from './schema.ts';

// The Postgres twin of ../sqlite/message-views.ts: the same API messages from the same rows.

type MessageRow = typeof messages.$inferSelect;

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

/** Turns rows into API messages, loading the reactions and translations of all of them in two queries. */
export async function toMessageViews(
  db: PgQueries,
  rows: readonly MessageWithSender[],
): Promise<MessageDto[]> {
  const ids = rows.map((row) => row.message.id);
  if (ids.length === 0) return [];
  const reactionRows = await db
    .select()
    .from(reactions)
    .where(inArray(reactions.messageId, ids))
    .orderBy(reactions.createdAt);
  const translationRows = await db
    .select()
    .from(messageTranslations)
    .where(inArray(messageTranslations.messageId, ids))
    .orderBy(messageTranslations.targetLanguage);
  return toMessageViewsFrom(rows, reactionRows, translationRows, await attachmentsByMessage(db, ids));
}

export async function loadMessageView(db: PgQueries, id: string): Promise<MessageDto | undefined> {
  const rows = await selectMessageWithSender(db).where(eq(messages.id, id));
  return (await toMessageViews(db, rows))[0];
}
