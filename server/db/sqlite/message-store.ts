import { and, asc, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import { timeOrderedId } from '../time-ordered-id.ts';
import type { MessageStore } from '../stores/messages.ts';
import { nextChange } from './change-counter.ts';
import type { SqliteConnection, SqliteDb } from './connection.ts';
import type { GroupCommit } from './group-commit.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { prepareMessageQueries } from './prepared-message-queries.ts';
import { conversationMembers, messages, messageTranslations, reactions, translationJobs } from './schema.ts';
import { requeueTranslations } from './translation-store.ts';

/** Drops a message's translations and its pending translation work (the jobs go with their message). */
function forgetTranslations(db: SqliteDb, messageId: string): void {
  db.delete(messageTranslations).where(eq(messageTranslations.messageId, messageId)).run();
  db.delete(translationJobs).where(eq(translationJobs.messageId, messageId)).run();
}

/**
 * `commits` gathers the sends of one event-loop turn into one transaction (see group-commit.ts). A send is
 * visible to readers once committed but durable only after its sync, so the reads here hand out messages
 * through `commits.durable()`: nothing a power cut could still take is shown (a retried send finding its
 * first attempt, a history page, a resync).
 */
export function createMessageStore(connection: SqliteConnection, commits: GroupCommit): MessageStore {
  const { sqlite, db } = connection;
  const prepared = prepareMessageQueries(connection);
  const view = (id: string) => {
    const message = prepared.findById(id);
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
      return commits.run(() => {
        // insert() also marks the message read for its sender: they have read up to their own message.
        const message = prepared.insert(input, timeOrderedId());
        if (message) return { message, duplicate: false };
        // A retry whose first attempt is stored (the send checked before its rate limit, but the first
        // attempt may have been in the same batch): the first answer again, nothing stored twice.
        const existing = prepared.findByClientId(input.conversationId, input.senderId, input.clientMessageId);
        if (!existing) throw new Error(`message ${input.clientMessageId} conflicts but cannot be found`);
        return { message: existing, duplicate: true };
      });
    },

    findMessage(id) {
      return commits.durable(prepared.findById(id));
    },

    findMessageByClientId(conversationId, senderId, clientMessageId) {
      const found = prepared.findByClientId(conversationId, senderId, clientMessageId);
      return found === undefined ? Promise.resolve(undefined) : commits.durable(found);
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
      return commits.durable(toMessageViews(db, rows));
    },

    editMessage(id, content, at) {
      sqlite
        .transaction(() => {
          const version = nextChange(db);
          db.update(messages).set({ content, editedAt: at, version }).where(eq(messages.id, id)).run();
          requeueTranslations(db, id, at);
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
          forgetTranslations(db, id);
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
      return commits.durable(toMessageViews(db, rows));
    },
  };
}
