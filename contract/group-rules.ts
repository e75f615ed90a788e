import type { ConversationType, MemberRole } from './conversations.ts';

/**
 * Who may do what in a group: the one statement of these rules. The server enforces them
 * (server/domain/conversation-service.ts) and the client offers exactly the controls they allow
 * (renderer/src/features/conversations/details/permissions.ts), so the two cannot drift apart.
 * Pure functions over contract types: no I/O, no DOM, safe for both sides to import.
 */

/** Roles that may rename a group, add people and remove (some) members. */
export const GROUP_MANAGER_ROLES: readonly MemberRole[] = ['admin', 'moderator'];

/** Only groups have roles that matter: direct chats and the global room cannot be managed. */
export const isManageable = (type: ConversationType): boolean => type === 'group';

export const mayManage = (role: MemberRole): boolean => GROUP_MANAGER_ROLES.includes(role);

/** Removing someone else: an admin removes anyone, a moderator plain members only. */
export const mayRemove = (actorRole: MemberRole, targetRole: MemberRole): boolean =>
  mayManage(actorRole) && (actorRole === 'admin' || targetRole === 'member');

/** Only admins give or take roles (their own included). */
export const mayChangeRoles = (actorRole: MemberRole): boolean => actorRole === 'admin';

/**
 * A role change that would leave the group without an admin: taking admin away from the last one.
 * `adminCount` counts the admins before the change.
 */
export const leavesNoAdmin = (targetRole: MemberRole, newRole: MemberRole, adminCount: number): boolean =>
  targetRole === 'admin' && newRole !== 'admin' && adminCount <= 1;

export interface RankedMember {
  id: string;
  role: MemberRole;
  joinedAt: string;
}

/**
 * Who becomes admin when `leaverId` leaves: nobody if an admin remains (or nobody remains), else the
 * longest-standing member left (earliest joinedAt; on a tie, the earlier in the given order).
 */
export function adminSuccessor<M extends RankedMember>(members: readonly M[], leaverId: string): M | null {
  const rest = members.filter((member) => member.id !== leaverId);
  if (rest.some((member) => member.role === 'admin')) return null;
  let first: M | null = null;
  for (const member of rest) if (first === null || member.joinedAt < first.joinedAt) first = member;
  return first;
}
