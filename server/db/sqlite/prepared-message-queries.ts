import { and, eq, sql } from 'drizzle-orm';
import type { MessageDto } from '../../../contract/messages.ts';
import type { NewMessage } from '../stores/messages.ts';
import type { SqliteConnection } from './connection.ts';
import { attachUploads, prepareAttachmentsOfMessage } from './attachment-store.ts';
import { counterOf } from './change-counter.ts';
import { toMessageViewsFrom, type MessageWithSenderFields } from '../stores/message-views.ts';
import { selectMessageWithSender } from './message-views.ts';
import { messages, messageTranslations, reactions } from './schema.ts';

const p = sql.placeholder;

/**
 * The queries of a send, prepared once per connection: building a drizzle query and having SQLite compile
 * it again on every call cost more than running it (issue 14's profile). The reads are the queries the
 * store ran inline before, with placeholders; the writes are plain SQL (below).
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
  // The writes of a send, and the duplicate probe before it, in plain SQL: run on every send, drizzle's
  // placeholder filling and row mapping around them were 5 % of the server's time under bench:chat.
  // Positional parameters: binding by name looks each one up in the object, a few percent of the insert.
  const insertMessage = sqlite.prepare<
    [string, string, string, string, string, string | null, string | null, string, number, number]
  >(
    `insert into messages (id, conversation_id, sender_id, client_message_id, content, original_language,
       reply_to_id, created_at, seq, version)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     -- A retried send (same client id) inserts nothing: the unique key is the duplicate check of the batch.
     on conflict (conversation_id, sender_id, client_message_id) do nothing`,
  );
  const senderName = sqlite.prepare<[string], { username: string; displayName: string }>(
    'select username, display_name as displayName from users where id = ?',
  );
  const insertFanOutJob = sqlite.prepare<[string, string, string, string]>(
    `insert into translation_jobs (id, message_id, target_language, tier, next_attempt_at, created_at)
     values (?, ?, null, null, ?, ?)`,
  );
  const touchConversation = sqlite.prepare<[string, string]>(
    'update conversations set last_message_at = ? where id = ?',
  );
  const markSenderRead = sqlite.prepare<[number, string, string]>(
    'update conversation_members set last_read_seq = ? where conversation_id = ? and user_id = ?',
  );
  const isStored = sqlite
    .prepare<[string, string, string]>(
      'select 1 from messages where conversation_id = ? and sender_id = ? and client_message_id = ?',
    )
    .pluck();
  const attachmentsOf = prepareAttachmentsOfMessage(db);

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
      // Most sends are not retries: one index probe answers them without the view's query and mapping.
      isStored.get(conversationId, senderId, clientMessageId) === undefined
        ? undefined
        : view(byClientId.all({ conversationId, senderId, clientMessageId })),
    /**
     * The writes of a new message; runs inside the caller's transaction. Returns the message as the API
     * shows it, built from what was inserted: a message just stored has no reactions or translations yet,
     * and attachments only when it named some, so it is not read back (neither by a lookup nor by
     * `RETURNING`, which costs SQLite more than the insert's own row). Returns undefined, having written
     * nothing, when the sender already stored a message under this client id (its unique key): the caller
     * answers with that one.
     */
    insert(input: NewMessage, jobId: string): MessageDto | undefined {
      const attachmentIds = input.attachmentIds ?? [];
      // Taken only once the insert stored a row, so a retry leaves no gap in the counter.
      const seq = counter.peek();
      const inserted = insertMessage.run(
        input.id,
        input.conversationId,
        input.senderId,
        input.clientMessageId,
        input.content,
        input.originalLanguage,
        input.replyToId,
        input.createdAt,
        seq,
        seq,
      );
      if (inserted.changes === 0) return undefined;
      counter.advance();
      const sender = senderName.get(input.senderId);
      // The foreign key makes the sender exist; the check is for the type.
      if (sender === undefined) throw new Error(`sender ${input.senderId} not found`);
      // An attachment without a caption has nothing to translate. (Search indexes it later: search-index.ts.)
      if (input.content !== '') insertFanOutJob.run(jobId, input.id, input.createdAt, input.createdAt);
      attachUploads(db, input, attachmentIds);
      touchConversation.run(input.createdAt, input.conversationId);
      markSenderRead.run(seq, input.conversationId, input.senderId);
      // Spelled out: spreading the input (a rest copy of it, then that copy again) was 5 % of the event
      // loop's time under bench:chat.
      const stored: MessageWithSenderFields['message'] = {
        id: input.id,
        conversationId: input.conversationId,
        senderId: input.senderId,
        clientMessageId: input.clientMessageId,
        content: input.content,
        originalLanguage: input.originalLanguage,
        replyToId: input.replyToId,
        createdAt: input.createdAt,
        seq,
        version: seq,
        editedAt: null,
        deletedAt: null,
      };
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
