import {
  MEMBER_ROLES,
  type ConversationType,
  type MemberRole,
} from '../../../../../contract/conversations.ts';
import {
  isManageable,
  leavesNoAdmin,
  mayChangeRoles,
  mayManage,
  mayRemove,
} from '../../../../../contract/group-rules.ts';

/**
 * What the signed-in user may do in a conversation's details. Built on contract/group-rules.ts, the rules
 * the server enforces, so a control the server would refuse is not offered, and one it accepts is.
 */
export interface GroupPermissions {
  rename: boolean;
  addMembers: boolean;
  leave: boolean;
  /** May remove this other member (oneself goes through "leave"). */
  remove: (targetRole: MemberRole, isSelf: boolean) => boolean;
  /** The roles this member may be given, their current one included; fewer than two means no control. */
  roleChoices: (targetRole: MemberRole) => MemberRole[];
  /** May change this member's role: someone else's, or their own when another admin remains. */
  changeRole: (targetRole: MemberRole) => boolean;
}

/** `adminCount`: the group's admins now, which decides whether an admin may step down. */
export function groupPermissions(
  type: ConversationType,
  myRole: MemberRole,
  adminCount: number,
): GroupPermissions {
  const group = isManageable(type);
  const manager = group && mayManage(myRole);
  const roleChoices = (targetRole: MemberRole): MemberRole[] =>
    group && mayChangeRoles(myRole)
      ? MEMBER_ROLES.filter((role) => !leavesNoAdmin(targetRole, role, adminCount))
      : [];
  return {
    rename: manager,
    addMembers: manager,
    leave: group,
    remove: (targetRole, isSelf) => group && !isSelf && mayRemove(myRole, targetRole),
    roleChoices,
    changeRole: (targetRole) => roleChoices(targetRole).length > 1,
  };
}
