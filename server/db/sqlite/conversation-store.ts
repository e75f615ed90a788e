import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { MemberRole } from '../../../contract/conversations.ts';
import type {
  ConversationListRow,
  ConversationRecord,
  ConversationStore,
  RoleChange,
} from '../stores/conversations.ts';
import { roleChangeVerdict, successorAfterDeparture } from '../membership-rules.ts';
import type { GroupCommit } from './group-commit.ts';
import type { SqliteConnection } from './connection.ts';
import { selectMessageWithSender, toMessageViews } from './message-views.ts';
import { conversationMembers, conversations, messages } from './schema.ts';

const memberIs = (conversationId: string, userId: string) =>
  and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId));

/** Thrown inside the add-members transaction to roll it back when the group would grow past its limit. */
class GroupFullSignal extends Error {}

/**
 * `commits`: the conversation list shows each conversation's last message and unread counts, so, like the
 * message store's reads, it is handed out once what was committed before it was read is durable.
 */
export function createConversationStore(
  { sqlite, db }: SqliteConnection,
  commits: GroupCommit,
): ConversationStore {
  // Both run on every send and every conversation call (the membership gate): prepared once.
  const conversationById = db
    .select()
    .from(conversations)
    .where(eq(conversations.id, sql.placeholder('id')))
    .prepare();
  const membershipOf = db
    .select()
    .from(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, sql.placeholder('conversationId')),
        eq(conversationMembers.userId, sql.placeholder('userId')),
      ),
    )
    .prepare();
  const findConversation = (id: string) => conversationById.get({ id });
  const membersOf = (conversationId: string) =>
    db
      .select()
      .from(conversationMembers)
      .where(eq(conversationMembers.conversationId, conversationId))
      // Members added together share a join time: the order they were added in (rowid) settles it, so
      // "the longest-standing member" is the first invited, here and in the client's list alike.
      .orderBy(conversationMembers.joinedAt, sql`rowid`)
      .all();

  return {
    createConversation(conversation, members) {
      const create = sqlite.transaction((): { conversation: ConversationRecord; created: boolean } => {
        if (conversation.directKey !== null) {
          const existing = db
            .select()
            .from(conversations)
            .where(eq(conversations.directKey, conversation.directKey))
            .get();
          if (existing) return { conversation: existing, created: false };
        }
        db.insert(conversations).values(conversation).run();
        db.insert(conversationMembers)
          .values(
            members.map((member) => ({
              ...member,
              conversationId: conversation.id,
              joinedAt: conversation.createdAt,
            })),
          )
          .run();
        return { conversation, created: true };
      });
      return Promise.resolve(create.immediate());
    },

    findConversation(id) {
      return Promise.resolve(findConversation(id));
    },

    findMembership(conversationId, userId) {
      return Promise.resolve(membershipOf.get({ conversationId, userId }));
    },

    listMembers(conversationId) {
      return Promise.resolve(membersOf(conversationId));
    },

    listConversationsForUser(userId, onlyConversationId) {
      const rows = db
        .select({
          conversation: conversations,
          myRole: conversationMembers.role,
          memberCount: sql<number>`(select count(*) from ${conversationMembers} as others
            where others.conversation_id = ${conversations.id})`,
          unreadCount: sql<number>`(select count(*) from ${messages}
            where ${messages.conversationId} = ${conversations.id}
              and ${messages.seq} > ${conversationMembers.lastReadSeq}
              and ${messages.senderId} <> ${conversationMembers.userId}
              and ${messages.deletedAt} is null)`,
          // A mention is `@<user id>` in the text (contract/mentions.ts); ids are UUIDs, so none is another's prefix.
          unreadMentionCount: sql<number>`(select count(*) from ${messages}
            where ${messages.conversationId} = ${conversations.id}
              and ${messages.seq} > ${conversationMembers.lastReadSeq}
              and ${messages.senderId} <> ${conversationMembers.userId}
              and ${messages.deletedAt} is null
              and instr(${messages.content}, '@' || ${conversationMembers.userId}) > 0)`,
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
        .orderBy(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt}) desc`)
        .all();
      const lastIds = rows.flatMap((row) => (row.lastMessageId === null ? [] : [row.lastMessageId]));
      const lastMessages =
        lastIds.length === 0
          ? []
          : toMessageViews(db, selectMessageWithSender(db).where(inArray(messages.id, lastIds)).all());
      const lastById = new Map(lastMessages.map((message) => [message.id, message]));
      return commits.durable(
        rows.map((row): ConversationListRow => ({
          conversation: row.conversation,
          myRole: row.myRole,
          memberCount: row.memberCount,
          unreadCount: row.unreadCount,
          unreadMentionCount: row.unreadMentionCount,
          lastMessage: row.lastMessageId === null ? null : (lastById.get(row.lastMessageId) ?? null),
          peerUserId: row.peerUserId,
        })),
      );
    },

    conversationIdsForUser(userId) {
      const rows = db
        .select({ id: conversationMembers.conversationId })
        .from(conversationMembers)
        .where(eq(conversationMembers.userId, userId))
        .all();
      return Promise.resolve(rows.map((row) => row.id));
    },

    updateConversation(id, patch, at) {
      db.update(conversations)
        .set({ ...patch, updatedAt: at })
        .where(eq(conversations.id, id))
        .run();
      const updated = findConversation(id);
      if (!updated) throw new Error(`conversation ${id} not found`);
      return Promise.resolve(updated);
    },

    addMembers(conversationId, members, at, maxMembers) {
      const add = sqlite.transaction((): string[] | 'full' => {
        const added = members.flatMap((member) => {
          const inserted = db
            .insert(conversationMembers)
            .values({ conversationId, userId: member.userId, role: member.role, joinedAt: at })
            .onConflictDoNothing()
            .run();
          return inserted.changes > 0 ? [member.userId] : [];
        });
        const [row] = db
          .select({ count: count() })
          .from(conversationMembers)
          .where(eq(conversationMembers.conversationId, conversationId))
          .all();
        // Throwing rolls the inserts back; the caller gets a plain answer.
        if ((row?.count ?? 0) > maxMembers) throw new GroupFullSignal();
        return added;
      });
      try {
        return Promise.resolve(add.immediate());
      } catch (error) {
        if (error instanceof GroupFullSignal) return Promise.resolve('full' as const);
        throw error;
      }
    },

    removeMember(conversationId, userId) {
      // IMMEDIATE: the write lock is taken before the read, so the successor is chosen from the members
      // as they are when the removal commits.
      const remove = sqlite.transaction((): { successorId: string | null } | undefined => {
        const [removed] = db
          .delete(conversationMembers)
          .where(memberIs(conversationId, userId))
          .returning({ role: conversationMembers.role })
          .all();
        if (!removed) return undefined;
        const successorId = successorAfterDeparture(removed.role, membersOf(conversationId));
        if (successorId !== null) {
          db.update(conversationMembers)
            .set({ role: 'admin' })
            .where(memberIs(conversationId, successorId))
            .run();
        }
        return { successorId };
      });
      return Promise.resolve(remove.immediate());
    },

    updateMemberRole(conversationId, userId, role: MemberRole) {
      const change = sqlite.transaction((): RoleChange => {
        const members = membersOf(conversationId);
        const target = members.find((member) => member.userId === userId);
        const admins = members.filter((member) => member.role === 'admin').length;
        const verdict = roleChangeVerdict(target, role, admins);
        if (verdict === 'changed') {
          db.update(conversationMembers).set({ role }).where(memberIs(conversationId, userId)).run();
        }
        return verdict;
      });
      return Promise.resolve(change.immediate());
    },

    markRead(conversationId, userId, seq) {
      const moved = db
        .update(conversationMembers)
        .set({ lastReadSeq: seq })
        .where(
          and(
            eq(conversationMembers.conversationId, conversationId),
            eq(conversationMembers.userId, userId),
            sql`${conversationMembers.lastReadSeq} < ${seq}`,
          ),
        )
        .run();
      return Promise.resolve(moved.changes > 0);
    },
  };
}
