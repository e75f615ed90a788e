import type { MemberRole } from '../../contract/conversations.ts';
import { adminSuccessor, leavesNoAdmin } from '../../contract/group-rules.ts';
import type { MemberRecord, RoleChange } from './stores/conversations.ts';

// The group rules (contract/group-rules.ts) as both stores apply them inside their transactions.

/** Who becomes admin once a member with `leaverRole` is gone; `remaining` in the order members were added. */
export function successorAfterDeparture(
  leaverRole: MemberRole,
  remaining: readonly MemberRecord[],
): string | null {
  if (leaverRole !== 'admin') return null;
  return (
    adminSuccessor(
      remaining.map((member) => ({ ...member, id: member.userId })),
      '',
    )?.userId ?? null
  );
}

/** Whether a role change may be written, given the target's membership and the group's admins now. */
export function roleChangeVerdict(
  target: MemberRecord | undefined,
  role: MemberRole,
  adminCount: number,
): RoleChange {
  if (!target) return 'not-member';
  return leavesNoAdmin(target.role, role, adminCount) ? 'last-admin' : 'changed';
}
