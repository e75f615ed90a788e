import { randomUUID } from 'node:crypto';
import type {
  ConversationDetail,
  ConversationSummary,
  CreateConversationBody,
  MemberRole,
} from '../../contract/conversations.ts';
import { GROUP_MANAGER_ROLES, isManageable, mayChangeRoles, mayRemove } from '../../contract/group-rules.ts';
import type {
  ConversationListRow,
  ConversationRecord,
  ConversationStore,
} from '../db/stores/conversations.ts';
import type { UserStore } from '../db/stores/users.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { PublicUser } from '../../contract/users.ts';
import { AppError, forbidden } from '../errors.ts';
import { requireMember, type Membership } from './access.ts';
import type { PresenceReader, RealtimePublisher } from './realtime-publisher.ts';
import { toPublicUser } from './user-views.ts';

export interface ConversationServiceDeps {
  repository: ConversationStore & Pick<UserStore, 'findUsersByIds'>;
  publisher: RealtimePublisher;
  presence: PresenceReader;
  /** Runs after someone left or was removed, before the answer (a guest's sign-ins end: server/join/). */
  afterDeparture?: (conversationId: string, userId: string) => Promise<void>;
}

// The rules themselves live in contract/group-rules.ts, shared with the client so it offers exactly these.
const MANAGERS = GROUP_MANAGER_ROLES;
const ADMINS = GROUP_MANAGER_ROLES.filter(mayChangeRoles);

function requireGroup({ conversation }: Membership, action: string): void {
  if (!isManageable(conversation.type)) {
    throw new AppError(400, 'BAD_REQUEST', `Cannot ${action} in a ${conversation.type} conversation`);
  }
}

function requireRole({ member }: Membership, allowed: readonly MemberRole[], action: string): void {
  if (!allowed.includes(member.role)) throw forbidden(`Your role (${member.role}) cannot ${action}`);
}

export class ConversationService {
  constructor(private readonly deps: ConversationServiceDeps) {}

  async list(userId: string): Promise<ConversationSummary[]> {
    return this.toSummaries(await this.deps.repository.listConversationsForUser(userId));
  }

  async create(
    userId: string,
    body: CreateConversationBody,
  ): Promise<{ detail: ConversationDetail; created: boolean }> {
    const { repository, publisher } = this.deps;
    const otherIds = [...new Set(body.memberIds)].filter((id) => id !== userId);
    if (otherIds.length === 0)
      throw new AppError(400, 'BAD_REQUEST', 'A conversation needs someone else in it');
    await this.requireUsersExist(otherIds);
    const now = new Date().toISOString();
    const isDirect = body.type === 'direct';
    const conversation: ConversationRecord = {
      id: randomUUID(),
      type: body.type,
      title: isDirect ? null : body.title,
      description: isDirect ? null : (body.description ?? null),
      directKey: isDirect ? [userId, ...otherIds].sort().join(':') : null,
      createdBy: userId,
      createdAt: now,
      updatedAt: now,
      lastMessageAt: null,
    };
    const members = [
      { userId, role: isDirect ? ('member' as const) : ('admin' as const) },
      ...otherIds.map((id) => ({ userId: id, role: 'member' as const })),
    ];
    const result = await repository.createConversation(conversation, members);
    const detail = await this.detail(result.conversation.id, userId);
    if (result.created) {
      for (const member of members) publisher.subscribeUser(member.userId, conversation.id);
      for (const id of otherIds)
        publisher.toUser(id, 'conversation:new', await this.summaryFor(conversation.id, id));
    }
    return { detail, created: result.created };
  }

  async get(userId: string, conversationId: string): Promise<ConversationDetail> {
    await requireMember(this.deps.repository, conversationId, userId);
    return this.detail(conversationId, userId);
  }

  async update(
    userId: string,
    conversationId: string,
    patch: { title?: string; description?: string },
  ): Promise<ConversationDetail> {
    const membership = await requireMember(this.deps.repository, conversationId, userId);
    requireGroup(membership, 'change the title or description');
    requireRole(membership, MANAGERS, 'change the conversation');
    await this.deps.repository.updateConversation(conversationId, patch, new Date().toISOString());
    this.deps.publisher.toConversation(conversationId, 'conversation:updated', { conversationId });
    return this.detail(conversationId, userId);
  }

  async addMembers(
    userId: string,
    conversationId: string,
    userIds: readonly string[],
    role: MemberRole,
  ): Promise<ConversationDetail> {
    const { repository, publisher } = this.deps;
    const membership = await requireMember(repository, conversationId, userId);
    requireGroup(membership, 'add members');
    requireRole(membership, MANAGERS, 'add members');
    if (role !== 'member') requireRole(membership, ADMINS, 'grant a role');
    const uniqueIds = [...new Set(userIds)];
    await this.requireUsersExist(uniqueIds);
    const added = await repository.addMembers(
      conversationId,
      uniqueIds.map((id) => ({ userId: id, role })),
      new Date().toISOString(),
      LIMITS.groupMaxMembers,
    );
    if (added === 'full') {
      throw new AppError(
        409,
        'GROUP_FULL',
        `A group has at most ${LIMITS.groupMaxMembers} members; nobody was added`,
      );
    }
    for (const id of added) {
      publisher.subscribeUser(id, conversationId);
      publisher.toUser(id, 'conversation:new', await this.summaryFor(conversationId, id));
    }
    if (added.length > 0)
      publisher.toConversation(conversationId, 'conversation:updated', { conversationId });
    return this.detail(conversationId, userId);
  }

  async removeMember(userId: string, conversationId: string, targetUserId: string): Promise<void> {
    if (targetUserId === userId) return this.leave(userId, conversationId);
    const { repository } = this.deps;
    const membership = await requireMember(repository, conversationId, userId);
    requireGroup(membership, 'remove members');
    requireRole(membership, MANAGERS, 'remove members');
    const target = await repository.findMembership(conversationId, targetUserId);
    if (!target) throw new AppError(404, 'USER_NOT_FOUND', 'This user is not a member');
    if (!mayRemove(membership.member.role, target.role)) {
      throw forbidden('A moderator can remove members only');
    }
    await repository.removeMember(conversationId, targetUserId);
    await this.afterDeparture(conversationId, targetUserId, 'removed');
  }

  async setRole(
    userId: string,
    conversationId: string,
    targetUserId: string,
    role: MemberRole,
  ): Promise<void> {
    const { repository, publisher } = this.deps;
    const membership = await requireMember(repository, conversationId, userId);
    requireGroup(membership, 'change roles');
    requireRole(membership, ADMINS, 'change roles');
    // The store counts the admins and writes the role in one transaction: parallel demotions cannot
    // both see "another admin remains" (leaving hands the group over the same way, in removeMember).
    const outcome = await repository.updateMemberRole(conversationId, targetUserId, role);
    if (outcome === 'not-member') throw new AppError(404, 'USER_NOT_FOUND', 'This user is not a member');
    if (outcome === 'last-admin') {
      throw new AppError(409, 'LAST_ADMIN', 'A group needs an admin: make someone else admin first');
    }
    publisher.toConversation(conversationId, 'conversation:updated', { conversationId });
  }

  async leave(userId: string, conversationId: string): Promise<void> {
    const { repository } = this.deps;
    const membership = await requireMember(repository, conversationId, userId);
    requireGroup(membership, 'leave');
    // A departing last admin hands the group to the longest-standing member in the same transaction.
    await repository.removeMember(conversationId, userId);
    await this.afterDeparture(conversationId, userId, 'left');
  }

  private async afterDeparture(
    conversationId: string,
    userId: string,
    reason: 'left' | 'removed',
  ): Promise<void> {
    const { publisher } = this.deps;
    publisher.unsubscribeUser(userId, conversationId);
    publisher.toUser(userId, 'conversation:removed', { conversationId, reason });
    publisher.toConversation(conversationId, 'conversation:updated', { conversationId });
    await this.deps.afterDeparture?.(conversationId, userId);
  }

  private async requireUsersExist(ids: readonly string[]): Promise<void> {
    const found = await this.deps.repository.findUsersByIds(ids);
    // A guest belongs to the one conversation they joined by link: nobody can bring them into another.
    if (found.length !== ids.length || found.some((user) => user.guestConversationId !== null))
      throw new AppError(404, 'USER_NOT_FOUND', 'One or more users do not exist');
  }

  /** One conversation's row only: a detail or an invitation must not cost the user's whole list. */
  private async rowFor(conversationId: string, userId: string): Promise<ConversationListRow> {
    const [row] = await this.deps.repository.listConversationsForUser(userId, conversationId);
    if (!row) throw new Error(`conversation ${conversationId} not listed for its member ${userId}`);
    return row;
  }

  async summaryFor(conversationId: string, userId: string): Promise<ConversationSummary> {
    const [summary] = await this.toSummaries([await this.rowFor(conversationId, userId)]);
    if (!summary) throw new Error(`conversation ${conversationId} not listed for its member ${userId}`);
    return summary;
  }

  private async detail(conversationId: string, userId: string): Promise<ConversationDetail> {
    const { repository, presence } = this.deps;
    const row = await this.rowFor(conversationId, userId);
    const members = await repository.listMembers(conversationId);
    const users = new Map(
      (await repository.findUsersByIds(members.map((m) => m.userId))).map((u) => [
        u.id,
        toPublicUser(u, presence),
      ]),
    );
    // The peer is one of the members just read: no second lookup for it.
    const peer = row.peerUserId === null ? null : (users.get(row.peerUserId) ?? null);
    return {
      ...this.toSummary(row, peer),
      members: members.flatMap((member) => {
        const user = users.get(member.userId);
        return user
          ? [{ user, role: member.role, joinedAt: member.joinedAt, lastReadSeq: member.lastReadSeq }]
          : [];
      }),
    };
  }

  /** Rows to summaries, the direct conversations' peers read in one query for all of them. */
  private async toSummaries(rows: readonly ConversationListRow[]): Promise<ConversationSummary[]> {
    const { repository, presence } = this.deps;
    const peerIds = [...new Set(rows.flatMap((row) => (row.peerUserId === null ? [] : [row.peerUserId])))];
    const peers = new Map(
      (peerIds.length === 0 ? [] : await repository.findUsersByIds(peerIds)).map((user) => [
        user.id,
        toPublicUser(user, presence),
      ]),
    );
    return rows.map((row) =>
      this.toSummary(row, row.peerUserId === null ? null : (peers.get(row.peerUserId) ?? null)),
    );
  }

  private toSummary(row: ConversationListRow, peer: PublicUser | null): ConversationSummary {
    const { conversation } = row;
    return {
      peer,
      id: conversation.id,
      type: conversation.type,
      title: conversation.title,
      description: conversation.description,
      createdAt: conversation.createdAt,
      lastMessageAt: conversation.lastMessageAt,
      myRole: row.myRole,
      memberCount: row.memberCount,
      lastMessage: row.lastMessage,
      unreadCount: row.unreadCount,
    };
  }
}
