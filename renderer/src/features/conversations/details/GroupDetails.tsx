import { useRef } from 'react';
import { adminSuccessor } from '../../../../../contract/group-rules.ts';
import type { ConversationDetail } from '../../../../../contract/conversations.ts';
import { useT } from '../../../i18n/useT.ts';
import { AddMembers } from './AddMembers.tsx';
import type { GroupActions } from './groupActions.ts';
import { GroupDescription } from './GroupDescription.tsx';
import { GroupTitle } from './GroupTitle.tsx';
import { LeaveGroup } from './LeaveGroup.tsx';
import { MemberRow } from './MemberRow.tsx';
import { groupPermissions } from './permissions.ts';
import { ShareLinksSection } from '../../join/ShareLinks.tsx';

interface Props {
  detail: ConversationDetail;
  title: string;
  selfId: string;
  actions: GroupActions;
  onLeft: () => void;
}

/** A group (or the global room, read-only): its name, its members, and what this user may change. */
export function GroupDetails({ detail, title, selfId, actions, onLeft }: Props) {
  const t = useT();
  const adminCount = detail.members.filter((m) => m.role === 'admin').length;
  const can = groupPermissions(detail.type, detail.myRole, adminCount);
  // Who the server will make admin if this user, its only admin, leaves (the same rule, from the contract).
  const successor =
    detail.myRole === 'admin'
      ? adminSuccessor(
          detail.members.map((m) => ({
            id: m.user.id,
            role: m.role,
            joinedAt: m.joinedAt,
            name: m.user.displayName,
          })),
          selfId,
        )
      : null;
  const membersHeading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <GroupTitle conversationId={detail.id} title={title} canRename={can.rename} actions={actions} />
      <GroupDescription
        conversationId={detail.id}
        description={detail.description}
        canEdit={can.rename}
        actions={actions}
      />
      <section aria-labelledby="details-members">
        <h3 id="details-members" ref={membersHeading} tabIndex={-1}>
          {t('details.members', { count: detail.members.length })}
        </h3>
        <ul className="member-list">
          {detail.members.map((member) => {
            const isSelf = member.user.id === selfId;
            return (
              <MemberRow
                key={member.user.id}
                conversationId={detail.id}
                member={member}
                isSelf={isSelf}
                canRemove={can.remove(member.role, isSelf)}
                roleChoices={can.roleChoices(member.role)}
                actions={actions}
                onFocusLost={() => membersHeading.current?.focus()}
              />
            );
          })}
        </ul>
      </section>
      {can.addMembers && (
        <AddMembers
          conversationId={detail.id}
          memberIds={detail.members.map((m) => m.user.id)}
          actions={actions}
        />
      )}
      {detail.type === 'group' && detail.myRole === 'admin' && (
        <ShareLinksSection conversationId={detail.id} />
      )}
      {can.leave && (
        <LeaveGroup
          conversationId={detail.id}
          title={title}
          successorName={successor?.name ?? null}
          actions={actions}
          onLeft={onLeft}
        />
      )}
    </>
  );
}
