import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { ConversationListRow, ConversationRecord, ConversationStore } from '../stores/conversations.ts';
import { roleChangeVerdict, successorAfterDeparture } from '../membership-rules.ts';
import type { PgConnection, PgQueries } from './connection.ts';
import { lockConversation } from './conversation-lock.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { conversationMembers, conversations, messages } from './schema.ts';

// The Postgres twin of ../sqlite/conversation-store.ts. The rules that read then write lock the
// conversation's row first (./conversation-lock.ts says why that, rather than SERIALIZABLE).

/** Thrown inside the add-members transaction to roll it back when the group would grow past its limit. */
class GroupFullSignal extends Error {}

const memberColumns = {
  conversationId: conversationMembers.conversationId,
  userId: conversationMembers.userId,
  role: conversationMembers.role,
  joinedAt: conversationMembers.joinedAt,
  lastReadSeq: conversationMembers.lastReadSeq,
};

const memberIs = (conversationId: string, userId: string) =>
  and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId));

async function membersOf(db: PgQueries, conversationId: string) {
  return db
    .select(memberColumns)
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId))
    .orderBy(conversationMembers.joinedAt, conversationMembers.addedOrder);
}

export function createConversationStore({ db }: PgConnection): ConversationStore {
  const findConversation = async (id: string) =>
    (await db.select().from(conversations).where(eq(conversations.id, id)))[0];

  return {
    createConversation(conversation, members) {
      return db.transaction(async (tx): Promise<{ conversation: ConversationRecord; created: boolean }> => {
        if (conversation.directKey !== null) {
          // The unique direct key settles a race between two first messages of one pair: the loser's
          // insert does nothing, and it returns the winner's conversation.
          const inserted = await tx.insert(conversations).values(conversation).onConflictDoNothing();
          if ((inserted.rowCount ?? 0) === 0) {
            const [existing] = await tx
              .select()
              .from(conversations)
              .where(eq(conversations.directKey, conversation.directKey));
            if (!existing) throw new Error(`conversation ${conversation.id} conflicts on its id`);
            return { conversation: existing, created: false };
          }
        } else {
          await tx.insert(conversations).values(conversation);
        }
        await tx.insert(conversationMembers).values(
          members.map((member) => ({
            ...member,
            conversationId: conversation.id,
            joinedAt: conversation.createdAt,
          })),
        );
        return { conversation, created: true };
      });
    },

    findConversation,

    async findMembership(conversationId, userId) {
      return (
        await db.select(memberColumns).from(conversationMembers).where(memberIs(conversationId, userId))
      )[0];
    },

    listMembers(conversationId) {
      return membersOf(db, conversationId);
    },

    async listConversationsForUser(userId, onlyConversationId) {
      const rows = await db
        .select({
          conversation: conversations,
          myRole: conversationMembers.role,
          memberCount: sql<number>`(select count(*) from ${conversationMembers} as others
            where others.conversation_id = ${conversations.id})::int`,
          unreadCount: sql<number>`(select count(*) from ${messages}
            where ${messages.conversationId} = ${conversations.id}
              and ${messages.seq} > ${conversationMembers.lastReadSeq}
              and ${messages.senderId} <> ${conversationMembers.userId}
              and ${messages.deletedAt} is null)::int`,
          lastMessageId: sql<string | null>`(select ${messages.id} from ${messages}
            where ${messages.conversationId} = ${conversations.id}
            order by ${messages.seq} desc limit 1)`,
          peerUserId: sql<string | null>`case when ${conversations.type} = 'direct' then
            (select peers.user_id from ${conversationMembers} as peers
              where peers.conversation_id = ${conversations.id} and peers.user_id <> ${conversationMembers.userId}
              limit 1) end`,
        })
        .from(conversationMembers)
        .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
        .where(
          and(
            eq(conversationMembers.userId, userId),
            onlyConversationId === undefined
              ? undefined
              : eq(conversationMembers.conversationId, onlyConversationId),
          ),
        )
        .orderBy(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt}) desc`);
      const lastIds = rows.flatMap((row) => (row.lastMessageId === null ? [] : [row.lastMessageId]));
      const lastMessages =
        lastIds.length === 0
          ? []
          : await toMessageViews(db, await selectMessageWithSender(db).where(inArray(messages.id, lastIds)));
      const lastById = new Map(lastMessages.map((message) => [message.id, message]));
      return rows.map((row): ConversationListRow => ({
        conversation: row.conversation,
        myRole: row.myRole,
        memberCount: row.memberCount,
        unreadCount: row.unreadCount,
        lastMessage: row.lastMessageId === null ? null : (lastById.get(row.lastMessageId) ?? null),
        peerUserId: row.peerUserId,
      }));
    },

    async conversationIdsForUser(userId) {
      const rows = await db
        .select({ id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(eq(conversationMembers.userId, userId));
      return rows.map((row) => row.id);
    },

    async updateConversation(id, patch, at) {
      await db
        .update(conversations)
        .set({ ...patch, updatedAt: at })
        .where(eq(conversations.id, id));
      const updated = await findConversation(id);
      if (!updated) throw new Error(`conversation ${id} not found`);
      return updated;
    },

    async addMembers(conversationId, members, at, maxMembers) {
      try {
        return await db.transaction(async (tx) => {
          await lockConversation(tx, conversationId);
          const added: string[] = [];
          for (const member of members) {
            const inserted = await tx
              .insert(conversationMembers)
              .values({ conversationId, userId: member.userId, role: member.role, joinedAt: at })
              .onConflictDoNothing();
            if ((inserted.rowCount ?? 0) > 0) added.push(member.userId);
          }
          const [row] = await tx
            .select({ count: count() })
            .from(conversationMembers)
            .where(eq(conversationMembers.conversationId, conversationId));
          // Throwing rolls the inserts back; the caller gets a plain answer.
          if ((row?.count ?? 0) > maxMembers) throw new GroupFullSignal();
          return added;
        });
      } catch (error) {
        if (error instanceof GroupFullSignal) return 'full';
        throw error;
      }
    },

    removeMember(conversationId, userId) {
      return db.transaction(async (tx) => {
        await lockConversation(tx, conversationId);
        const [removed] = await tx
          .delete(conversationMembers)
          .where(memberIs(conversationId, userId))
          .returning({ role: conversationMembers.role });
        if (!removed) return undefined;
        const successorId = successorAfterDeparture(removed.role, await membersOf(tx, conversationId));
        if (successorId !== null) {
          await tx
            .update(conversationMembers)
            .set({ role: 'admin' })
            .where(memberIs(conversationId, successorId));
        }
        return { successorId };
      });
    },

    updateMemberRole(conversationId, userId, role) {
      return db.transaction(async (tx) => {
        await lockConversation(tx, conversationId);
        const members = await membersOf(tx, conversationId);
        const target = members.find((member) => member.userId === userId);
        const admins = members.filter((member) => member.role === 'admin').length;
        const verdict = roleChangeVerdict(target, role, admins);
        if (verdict === 'changed') {
          await tx.update(conversationMembers).set({ role }).where(memberIs(conversationId, userId));
        }
        return verdict;
      });
    },

    async markRead(conversationId, userId, seq) {
      // One conditional UPDATE: the row lock makes parallel marks apply one after the other, and the
      // condition is re-checked on the newest row, so the marker only ever moves forward.
      const moved = await db
        .update(conversationMembers)
        .set({ lastReadSeq: seq })
        .where(and(memberIs(conversationId, userId), sql`${conversationMembers.lastReadSeq} < ${seq}`));
      return (moved.rowCount ?? 0) > 0;
    },
  };
}
