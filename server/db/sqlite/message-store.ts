import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { MessageStore } from '../repository.ts';
import type { SqliteConnection, SqliteDb } from './connection.ts';
import { loadMessageView, selectMessageWithSender, toMessageViews } from './message-views.ts';
import { changeCounter, conversationMembers, conversations, messages, reactions } from './schema.ts';

const incrementedCounter = sql`${changeCounter.value} + 1`;

/** Hands out the next value of the change counter; must run inside the caller's write transaction. */
function nextChange(db: SqliteDb): number {
  const [row] = db
    .update(changeCounter)
    .set({ value: incrementedCounter })
    .where(eq(changeCounter.id, 1))
    .returning({ value: changeCounter.value })
    .all();
  if (!row) throw new Error('change counter row is missing: migrations were not applied');
  return row.value;
}

export function createMessageStore({ sqlite, db }: SqliteConnection): MessageStore {
  const view = (id: string) => {
    const message = loadMessageView(db, id);
    if (!message) throw new Error(`message ${id} not found`);
    return message;
  };

  /** Applies a reaction change and, when it changed anything, gives the message a new version. */
  const changeReactions = (messageId: string, change: () => { changes: number }): boolean =>
    sqlite
      .transaction(() => {
        if (change().changes === 0) return false;
        db.update(messages)
          .set({ version: nextChange(db) })
          .where(eq(messages.id, messageId))
          .run();
        return true;
      })
      .immediate();

  return {
    insertMessage(input) {
      const insert = sqlite.transaction((): { id: string; duplicate: boolean } => {
        const existing = db
          .select({ id: messages.id })
          .from(messages)
          .where(
            and(
              eq(messages.conversationId, input.conversationId),
              eq(messages.senderId, input.senderId),
              eq(messages.clientMessageId, input.clientMessageId),
            ),
          )
          .get();
        if (existing) return { id: existing.id, duplicate: true };
        const seq = nextChange(db);
        db.insert(messages)
          .values({ ...input, seq, version: seq })
          .run();
        db.update(conversations)
          .set({ lastMessageAt: input.createdAt })
          .where(eq(conversations.id, input.conversationId))
          .run();
        // The sender has read everything up to their own message.
        db.update(conversationMembers)
          .set({ lastReadSeq: seq })
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, input.senderId),
            ),
          )
          .run();
        return { id: input.id, duplicate: false };
      });
      const { id, duplicate } = insert.immediate();
      return Promise.resolve({ message: view(id), duplicate });
    },

    findMessage(id) {
      return Promise.resolve(loadMessageView(db, id));
    },

    listMessages(conversationId, beforeSeq, limit) {
      const rows = selectMessageWithSender(db)
        .where(
          and(
            eq(messages.conversationId, conversationId),
            beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq),
          ),
        )
        .orderBy(desc(messages.seq))
        .limit(limit)
        .all();
      return Promise.resolve(toMessageViews(db, rows));
    },

    editMessage(id, content, at) {
      sqlite
        .transaction(() => {
          const version = nextChange(db);
          db.update(messages).set({ content, editedAt: at, version }).where(eq(messages.id, id)).run();
        })
        .immediate();
      return Promise.resolve(view(id));
    },

    deleteMessage(id, at) {
      sqlite
        .transaction(() => {
          const version = nextChange(db);
          db.update(messages).set({ content: '', deletedAt: at, version }).where(eq(messages.id, id)).run();
          db.delete(reactions).where(eq(reactions.messageId, id)).run();
        })
        .immediate();
      return Promise.resolve(view(id));
    },

    addReaction(messageId, userId, emoji, at) {
      const changed = changeReactions(messageId, () =>
        db.insert(reactions).values({ messageId, userId, emoji, createdAt: at }).onConflictDoNothing().run(),
      );
      return Promise.resolve(changed ? view(messageId) : undefined);
    },

    removeReaction(messageId, userId, emoji) {
      const changed = changeReactions(messageId, () =>
        db
          .delete(reactions)
          .where(
            and(eq(reactions.messageId, messageId), eq(reactions.userId, userId), eq(reactions.emoji, emoji)),
          )
          .run(),
      );
      return Promise.resolve(changed ? view(messageId) : undefined);
    },

    changesForUser(userId, sinceVersion, limit) {
      const memberOf = db
        .select({ id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(eq(conversationMembers.userId, userId));
      const rows = selectMessageWithSender(db)
        .where(and(inArray(messages.conversationId, memberOf), gt(messages.version, sinceVersion)))
        .orderBy(asc(messages.version))
        .limit(limit)
        .all();
      return Promise.resolve(toMessageViews(db, rows));
    },
  };
}
