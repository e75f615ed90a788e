import { and, asc, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { MessageStore } from '../stores/messages.ts';
import { lockChangeCounter, nextChange } from './change-counter.ts';
import type { PgConnection, PgQueries } from './connection.ts';
import { attachUploads } from './attachment-store.ts';
import { lockConversation } from './conversation-lock.ts';
import { loadMessageView, selectMessageWithSender, toMessageViews } from './message-views.ts';
import {
  conversationMembers,
  conversations,
  messages,
  messageTranslations,
  reactions,
  translationJobs,
} from './schema.ts';
import { insertFanOutJob, requeueTranslations } from './translation-store.ts';

// The Postgres twin of ../sqlite/message-store.ts.

async function forgetTranslations(db: PgQueries, messageId: string): Promise<void> {
  await db.delete(messageTranslations).where(eq(messageTranslations.messageId, messageId));
  await db.delete(translationJobs).where(eq(translationJobs.messageId, messageId));
}

export function createMessageStore({ db }: PgConnection): MessageStore {
  const view = async (id: string) => {
    const message = await loadMessageView(db, id);
    if (!message) throw new Error(`message ${id} not found`);
    return message;
  };

  /** Applies a reaction change and, when it changed anything, gives the message a new version. */
  const changeReactions = (messageId: string, change: (tx: PgQueries) => Promise<number>) =>
    db.transaction(async (tx) => {
      await lockChangeCounter(tx);
      if ((await change(tx)) === 0) return false;
      await tx
        .update(messages)
        .set({ version: await nextChange(tx) })
        .where(eq(messages.id, messageId));
      return true;
    });

  return {
    async insertMessage(input) {
      const { id, duplicate } = await db.transaction(async (tx) => {
        // Two sends with one client id (a retry racing its original) queue on the conversation's lock;
        // the second then finds the first's message (see ./conversation-lock.ts).
        await lockConversation(tx, input.conversationId);
        const [existing] = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(
            and(
              eq(messages.conversationId, input.conversationId),
              eq(messages.senderId, input.senderId),
              eq(messages.clientMessageId, input.clientMessageId),
            ),
          );
        if (existing) return { id: existing.id, duplicate: true };
        const seq = await nextChange(tx);
        const { attachmentIds = [], ...row } = input;
        await tx.insert(messages).values({ ...row, seq, version: seq });
        // An attachment without a caption has nothing to translate.
        if (input.content !== '') await insertFanOutJob(tx, input.id, input.createdAt);
        await attachUploads(tx, input, attachmentIds);
        await tx
          .update(conversations)
          .set({ lastMessageAt: input.createdAt })
          .where(eq(conversations.id, input.conversationId));
        await tx
          .update(conversationMembers)
          .set({ lastReadSeq: seq })
          .where(
            and(
              eq(conversationMembers.conversationId, input.conversationId),
              eq(conversationMembers.userId, input.senderId),
            ),
          );
        return { id: input.id, duplicate: false };
      });
      return { message: await view(id), duplicate };
    },

    findMessage(id) {
      return loadMessageView(db, id);
    },

    async findMessageByClientId(conversationId, senderId, clientMessageId) {
      const rows = await selectMessageWithSender(db).where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.senderId, senderId),
          eq(messages.clientMessageId, clientMessageId),
        ),
      );
      return (await toMessageViews(db, rows))[0];
    },

    async listMessages(conversationId, beforeSeq, limit) {
      const rows = await selectMessageWithSender(db)
        .where(
          and(
            eq(messages.conversationId, conversationId),
            beforeSeq === undefined ? undefined : lt(messages.seq, beforeSeq),
          ),
        )
        .orderBy(desc(messages.seq))
        .limit(limit);
      return toMessageViews(db, rows);
    },

    async editMessage(id, content, at) {
      await db.transaction(async (tx) => {
        const version = await nextChange(tx);
        await tx.update(messages).set({ content, editedAt: at, version }).where(eq(messages.id, id));
        await requeueTranslations(tx, id, at);
      });
      return view(id);
    },

    async deleteMessage(id, at) {
      await db.transaction(async (tx) => {
        const version = await nextChange(tx);
        await tx.update(messages).set({ content: '', deletedAt: at, version }).where(eq(messages.id, id));
        await tx.delete(reactions).where(eq(reactions.messageId, id));
        await forgetTranslations(tx, id);
      });
      return view(id);
    },

    async addReaction(messageId, userId, emoji, at) {
      const changed = await changeReactions(messageId, async (tx) => {
        const inserted = await tx
          .insert(reactions)
          .values({ messageId, userId, emoji, createdAt: at })
          .onConflictDoNothing();
        return inserted.rowCount ?? 0;
      });
      return changed ? view(messageId) : undefined;
    },

    async removeReaction(messageId, userId, emoji) {
      const changed = await changeReactions(messageId, async (tx) => {
        const removed = await tx
          .delete(reactions)
          .where(
            and(eq(reactions.messageId, messageId), eq(reactions.userId, userId), eq(reactions.emoji, emoji)),
          );
        return removed.rowCount ?? 0;
      });
      return changed ? view(messageId) : undefined;
    },

    async changesForUser(userId, sinceVersion, limit) {
      const memberOf = db
        .select({ id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(eq(conversationMembers.userId, userId));
      const rows = await selectMessageWithSender(db)
        .where(and(inArray(messages.conversationId, memberOf), gt(messages.version, sinceVersion)))
        .orderBy(asc(messages.version))
        .limit(limit);
      return toMessageViews(db, rows);
    },
  };
}
