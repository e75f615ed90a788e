import { and, eq, sql } from 'drizzle-orm';
import type { MessageDto } from '../../../contract/messages.ts';
import type { NewMessage } from '../stores/messages.ts';
import type { SqliteConnection } from './connection.ts';
import { attachUploads, prepareAttachmentsOfMessage } from './attachment-store.ts';
import { counterOf } from './change-counter.ts';
import { toMessageViewsFrom } from '../stores/message-views.ts';
import { selectMessageWithSender } from './message-views.ts';
import { prepareSearchIndexing } from './search-store.ts';
import {
  conversationMembers,
  conversations,
  messages,
  messageTranslations,
  reactions,
  translationJobs,
  users,
} from './schema.ts';

const p = sql.placeholder;

/**
 * The queries of a send, prepared once per connection: building a drizzle query and having SQLite compile
 * it again on every call cost more than running it (issue 14's profile). Each is the same query the store
 * ran inline before, with placeholders.
 */
export function prepareMessageQueries({ sqlite, db }: SqliteConnection) {
  const byClientId = selectMessageWithSender(db)
    .where(
      and(
        eq(messages.conversationId, p('conversationId')),
        eq(messages.senderId, p('senderId')),
        eq(messages.clientMessageId, p('clientMessageId')),
      ),
    )
    .prepare();
  const byId = selectMessageWithSender(db)
    .where(eq(messages.id, p('id')))
    .prepare();
  const reactionsOf = db
    .select()
    .from(reactions)
    .where(eq(reactions.messageId, p('id')))
    .orderBy(reactions.createdAt)
    .prepare();
  const translationsOf = db
    .select()
    .from(messageTranslations)
    .where(eq(messageTranslations.messageId, p('id')))
    .orderBy(messageTranslations.targetLanguage)
    .prepare();
  const counter = counterOf(db);
  const indexForSearch = prepareSearchIndexing(sqlite);
  const insertMessage = db
    .insert(messages)
    .values({
      id: p('id'),
      conversationId: p('conversationId'),
      senderId: p('senderId'),
      clientMessageId: p('clientMessageId'),
      content: p('content'),
      originalLanguage: p('originalLanguage'),
      replyToId: p('replyToId'),
      createdAt: p('createdAt'),
      seq: p('seq'),
      version: p('seq'),
    })
    // A retried send (same client id) inserts nothing: the unique key is the duplicate check of the batch.
    .onConflictDoNothing({ target: [messages.conversationId, messages.senderId, messages.clientMessageId] })
    .prepare();
  const senderName = db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, p('id')))
    .prepare();
  const attachmentsOf = prepareAttachmentsOfMessage(db);
  const insertFanOutJob = db
    .insert(translationJobs)
    .values({
      id: p('jobId'),
      messageId: p('messageId'),
      targetLanguage: null,
      tier: null,
      nextAttemptAt: p('at'),
      createdAt: p('at'),
    })
    .prepare();
  const touchConversation = db
    .update(conversations)
    .set({ lastMessageAt: sql`${p('at')}` })
    .where(eq(conversations.id, p('conversationId')))
    .prepare();
  const markSenderRead = db
    .update(conversationMembers)
    .set({ lastReadSeq: sql`${p('seq')}` })
    .where(
      and(
        eq(conversationMembers.conversationId, p('conversationId')),
        eq(conversationMembers.userId, p('userId')),
      ),
    )
    .prepare();

  /** One message as the API shows it, from three prepared lookups and its attachments. */
  const view = (rows: Parameters<typeof toMessageViewsFrom>[0]): MessageDto | undefined => {
    const [row] = rows;
    if (row === undefined) return undefined;
    const id = row.message.id;
    return toMessageViewsFrom(
      rows,
      reactionsOf.all({ id }),
      translationsOf.all({ id }),
      attachmentsOf(id),
    )[0];
  };

  return {
    findById: (id: string) => view(byId.all({ id })),
    findByClientId: (conversationId: string, senderId: string, clientMessageId: string) =>
      view(byClientId.all({ conversationId, senderId, clientMessageId })),
    /**
     * The writes of a new message; runs inside the caller's transaction. Returns the message as the API
     * shows it, built from what was inserted: a message just stored has no reactions or translations yet,
     * and attachments only when it named some, so it is not read back (neither by a lookup nor by
     * `RETURNING`, which costs SQLite more than the insert's own row). Returns undefined, having written
     * nothing, when the sender already stored a message under this client id (its unique key): the caller
     * answers with that one.
     */
    insert(input: NewMessage, jobId: string): MessageDto | undefined {
      const { attachmentIds = [], ...row } = input;
      // Taken only once the insert stored a row, so a retry leaves no gap in the counter.
      const seq = counter.peek();
      if (insertMessage.run({ ...row, seq }).changes === 0) return undefined;
      counter.advance();
      const sender = senderName.get({ id: input.senderId });
      // The foreign key makes the sender exist; the check is for the type.
      if (sender === undefined) throw new Error(`sender ${input.senderId} not found`);
      // An attachment without a caption has nothing to translate or to find.
      if (input.content !== '') {
        indexForSearch(input.id, input.content);
        insertFanOutJob.run({ jobId, messageId: input.id, at: input.createdAt });
      }
      attachUploads(db, input, attachmentIds);
      touchConversation.run({ at: input.createdAt, conversationId: input.conversationId });
      markSenderRead.run({ seq, conversationId: input.conversationId, userId: input.senderId });
      const stored = { ...row, seq, version: seq, editedAt: null, deletedAt: null };
      const [message] = toMessageViewsFrom(
        [{ message: stored, senderUsername: sender.username, senderDisplayName: sender.displayName }],
        [],
        [],
        attachmentIds.length === 0 ? new Map() : attachmentsOf(input.id),
      );
      if (message === undefined) throw new Error(`message ${input.id} has no view`);
      return message;
    },
  };
}

export type PreparedMessageQueries = ReturnType<typeof prepareMessageQueries>;
