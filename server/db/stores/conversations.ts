import type { ConversationType, MemberRole } from '../../../contract/conversations.ts';
import type { MessageDto } from '../../../contract/messages.ts';

// The conversations, their members, and each member's read marker.

export interface ConversationRecord {
  id: string;
  type: ConversationType;
  title: string | null;
  description: string | null;
  directKey: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

export interface MemberRecord {
  conversationId: string;
  userId: string;
  role: MemberRole;
  joinedAt: string;
  lastReadSeq: number;
}

export interface ConversationListRow {
  conversation: ConversationRecord;
  myRole: MemberRole;
  memberCount: number;
  lastMessage: MessageDto | null;
  unreadCount: number;
  /** The other member of a direct conversation; null for other kinds. */
  peerUserId: string | null;
}

export type RoleChange = 'changed' | 'not-member' | 'last-admin';

export interface ConversationStore {
  /** For a direct conversation whose pair already has one, returns the existing one with created=false. */
  createConversation(
    conversation: ConversationRecord,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<{ conversation: ConversationRecord; created: boolean }>;
  findConversation(id: string): Promise<ConversationRecord | undefined>;
  findMembership(conversationId: string, userId: string): Promise<MemberRecord | undefined>;
  listMembers(conversationId: string): Promise<MemberRecord[]>;
  /** The user's conversations, most recent activity first; only the one named, when `onlyConversationId` is given. */
  listConversationsForUser(userId: string, onlyConversationId?: string): Promise<ConversationListRow[]>;
  conversationIdsForUser(userId: string): Promise<string[]>;
  updateConversation(
    id: string,
    patch: { title?: string; description?: string },
    at: string,
  ): Promise<ConversationRecord>;
  /**
   * Returns the ids that were not members before, or 'full' (adding nobody) when the conversation would
   * then have more than `maxMembers`: counted and added in one transaction, so parallel adds cannot pass it.
   */
  addMembers(
    conversationId: string,
    members: readonly { userId: string; role: MemberRole }[],
    at: string,
    maxMembers: number,
  ): Promise<string[] | 'full'>;
  /**
   * Removes the member. When an admin goes and no admin is left, the longest-standing member left
   * (`adminSuccessor`, contract/group-rules.ts) becomes admin in the same transaction, so no sequence of
   * parallel leaves or removals can leave a group without one. Undefined when they were not a member.
   */
  removeMember(conversationId: string, userId: string): Promise<{ successorId: string | null } | undefined>;
  /**
   * Gives the member a role, unless that takes admin away from the group's last admin (`leavesNoAdmin`):
   * the admins are counted and the role written in one transaction, so parallel demotions cannot both pass.
   */
  updateMemberRole(conversationId: string, userId: string, role: MemberRole): Promise<RoleChange>;
  /** Moves the member's read marker forward (never back). Returns false when it did not move. */
  markRead(conversationId: string, userId: string, seq: number): Promise<boolean>;
}
