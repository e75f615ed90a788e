import { useEffect, useRef, useState } from 'react';
import {
  MEMBER_ROLES,
  type ConversationMemberDto,
  type MemberRole,
} from '../../../../../contract/conversations.ts';
import { Avatar } from '../../../components/Avatar.tsx';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/useT.ts';
import { useLive } from '../../chat/liveStore.ts';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';

const ROLE_LABEL: Record<MemberRole, MessageKey> = {
  admin: 'details.role.admin',
  moderator: 'details.role.moderator',
  member: 'details.role.member',
};

interface Props {
  conversationId: string;
  member: ConversationMemberDto;
  isSelf: boolean;
  canRemove: boolean;
  canChangeRole: boolean;
  actions: GroupActions;
  /** After this member is removed: their row, which held the focus, is gone. */
  onRemoved: () => void;
}

/** One member: who they are, their role and presence, and the changes this user may make to them. */
export function MemberRow({
  conversationId,
  member,
  isSelf,
  canRemove,
  canChangeRole,
  actions,
  onRemoved,
}: Props) {
  const t = useT();
  const { user, role } = member;
  const online = useLive((s) => s.presence[user.id]?.isOnline ?? user.isOnline);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Keyboard users land on the confirmation, and back on "Remove" when they cancel it.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(actionErrorText(e, t));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const name = isSelf ? t('details.you', { name: user.displayName }) : user.displayName;
  return (
    <li className="member-row" data-username={user.username}>
      <div className="row">
        <Avatar name={user.displayName} online={online} />
        <span className="member-text">
          <span className="member-name">{name}</span>{' '}
          <small>
            @{user.username} · {online ? t('chat.online') : t('details.offline')}
          </small>
        </span>
        {canChangeRole ? (
          <select
            aria-label={t('details.roleOf', { name: user.displayName })}
            value={role}
            disabled={busy}
            onChange={(e) => {
              const next = e.target.value as MemberRole;
              void run(() => actions.setRole(conversationId, user.id, next));
            }}
          >
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_LABEL[r])}
              </option>
            ))}
          </select>
        ) : (
          <span className="member-role">{t(ROLE_LABEL[role])}</span>
        )}
        {canRemove && !confirming && (
          <button
            ref={removeRef}
            type="button"
            disabled={busy}
            aria-label={t('details.removeMember', { name: user.displayName })}
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t('details.remove')}
          </button>
        )}
      </div>
      {confirming && (
        <div
          className="row confirm"
          role="group"
          aria-label={t('details.removeMember', { name: user.displayName })}
        >
          <span>{t('details.confirmRemove', { name: user.displayName })}</span>
          <button
            type="button"
            className="danger"
            ref={confirmRef}
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await actions.remove(conversationId, user.id);
                // Done: focus goes to the list, not back to a "Remove" button of someone gone.
                wasConfirming.current = false;
                onRemoved();
              })
            }
          >
            {t('details.remove')}
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
            }}
          >
            {t('new.cancel')}
          </button>
        </div>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
