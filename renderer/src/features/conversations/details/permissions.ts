import type { ConversationType, MemberRole } from '../../../../../contract/conversations.ts';

/**
 * What the signed-in user may do in a conversation's details, mirroring the server's rules in
 * server/domain/conversation-service.ts: a control the server would refuse is not offered at all.
 */
export interface GroupPermissions {
  rename: boolean;
  addMembers: boolean;
  leave: boolean;
  /** May remove this other member. */
  remove: (targetRole: MemberRole, isSelf: boolean) => boolean;
  /** May change this other member's role. */
  changeRole: (isSelf: boolean) => boolean;
}

const MANAGERS: readonly MemberRole[] = ['admin', 'moderator'];

export function groupPermissions(type: ConversationType, myRole: MemberRole): GroupPermissions {
  const group = type === 'group';
  const manager = group && MANAGERS.includes(myRole);
  return {
    rename: manager,
    addMembers: manager,
    leave: group,
    // Oneself goes through "leave"; a moderator may remove plain members only.
    remove: (targetRole, isSelf) => manager && !isSelf && (myRole === 'admin' || targetRole === 'member'),
    // Only admins change roles. Not their own: the last admin demoting themselves would leave the group
    // without one, and another admin can do it for them.
    changeRole: (isSelf) => group && myRole === 'admin' && !isSelf,
  };
}
