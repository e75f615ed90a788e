import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ConversationMemberDto, MemberRole } from '../../../../../contract/conversations.ts';
import { Avatar } from '../../../components/Avatar.tsx';
import { cancelOnEscape } from '../../../components/cancelOnEscape.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/useT.ts';
import { useLive } from '../../chat/liveStore.ts';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';
import { FormError } from '../../../components/FormError.tsx';
import { GuestBadge } from '../../join/GuestBadge.tsx';
import { useAsyncAction } from '../../../components/useAsyncAction.ts';

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
  /** The roles this user may give this member (see permissions.ts); fewer than two: no role control. */
  roleChoices: MemberRole[];
  actions: GroupActions;
  /** When the control that held the focus is gone: the member was removed, or one stepped down. */
  onFocusLost: () => void;
}

/**
 * One member: who they are, their role and presence, and the changes this user may make to them.
 * A role is only staged by the menu (arrow keys on a closed <select> fire `change` at every press) and
 * sent by "Apply"; giving or taking away admin asks first, as removing does.
 */
export function MemberRow({
  conversationId,
  member,
  isSelf,
  canRemove,
  roleChoices,
  actions,
  onFocusLost,
}: Props) {
  const t = useT();
  const { user, role } = member;
  const online = useLive((s) => s.presence[user.id]?.isOnline ?? user.isOnline);
  const [pending, setPending] = useState<'remove' | 'role' | null>(null);
  const { busy, error, run: attempt } = useAsyncAction(actionErrorText);
  const [done, setDone] = useState<string | null>(null);
  const [staged, setStaged] = useState<MemberRole>(role);
  // Someone else changed this role meanwhile: the menu shows the new one, nothing stays staged.
  const [shownRole, setShownRole] = useState<MemberRole>(role);
  if (shownRole !== role) {
    setShownRole(role);
    setStaged(role);
  }
  const removeRef = useRef<HTMLButtonElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const applyRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  /** Where focus goes once the open confirmation closes; null: leave it. */
  const returnTo = useRef<RefObject<HTMLElement | null> | null>(null);
  /** Bumped when a request ends, so focus is placed even when no confirmation was open. */
  const [settled, setSettled] = useState(0);
  const focusLost = useRef(onFocusLost);
  focusLost.current = onFocusLost;

  // Keyboard users land on the confirmation, and back on what opened it when they cancel it; after a role
  // change, on the role menu (or, when it is gone because one stepped down, wherever the list says).
  useEffect(() => {
    if (pending !== null) {
      confirmRef.current?.focus();
      return;
    }
    const target = returnTo.current;
    returnTo.current = null;
    if (target === null) return;
    if (target.current !== null) target.current.focus();
    else focusLost.current();
  }, [pending, settled]);

  const run = async (action: () => Promise<void>, after: RefObject<HTMLElement | null> | null) => {
    setDone(null);
    if (await attempt(action)) returnTo.current = after;
    // Success or refusal, the question is answered; placing focus waits for this.
    setPending(null);
    setSettled((n) => n + 1);
  };

  const cancel = () => {
    setPending(null);
    return true;
  };

  const sendRole = () =>
    run(async () => {
      const next = staged;
      await actions.setRole(conversationId, user.id, next);
      setDone(t('details.roleChanged', { name: user.displayName, role: t(ROLE_LABEL[next]) }));
    }, selectRef);

  const apply = () => {
    // Admin can change everyone's role: giving or taking it is asked about, like a removal.
    if (role === 'admin' || staged === 'admin') {
      returnTo.current = applyRef;
      setPending('role');
    } else {
      // "Apply" is disabled while the request runs (focus falls to the page): a refusal brings it back there.
      returnTo.current = applyRef;
      void sendRole();
    }
  };

  const roleQuestion = isSelf
    ? t('details.confirmStepDown', { role: t(ROLE_LABEL[staged]) })
    : staged === 'admin'
      ? t('details.confirmGrantAdmin', { name: user.displayName })
      : t('details.confirmRevokeAdmin', { name: user.displayName, role: t(ROLE_LABEL[staged]) });

  const name = isSelf ? t('details.you', { name: user.displayName }) : user.displayName;
  return (
    <li className="member-row" data-username={user.username}>
      <div className="row">
        <Avatar name={user.displayName} online={online} />
        <span className="member-text">
          <span className="member-name">{name}</span>
          {user.isGuest === true && <GuestBadge />}{' '}
          <small>
            @{user.username} · {online ? t('chat.online') : t('details.offline')}
          </small>
        </span>
        {roleChoices.length > 1 ? (
          <>
            <select
              ref={selectRef}
              aria-label={t('details.roleOf', { name: user.displayName })}
              value={staged}
              // While the question is open it must stay the question about what was staged.
              disabled={pending === 'role'}
              onChange={(e) => {
                setStaged(e.target.value as MemberRole);
                setDone(null);
              }}
            >
              {roleChoices.map((r) => (
                <option key={r} value={r}>
                  {t(ROLE_LABEL[r])}
                </option>
              ))}
            </select>
            {staged !== role && pending !== 'role' && (
              <button
                ref={applyRef}
                type="button"
                disabled={busy}
                aria-label={t('details.applyRoleOf', { name: user.displayName })}
                onClick={apply}
              >
                {t('details.applyRole')}
              </button>
            )}
          </>
        ) : (
          <span className="member-role">{t(ROLE_LABEL[role])}</span>
        )}
        {canRemove && pending !== 'remove' && (
          <button
            ref={removeRef}
            type="button"
            disabled={busy}
            aria-label={t('details.removeMember', { name: user.displayName })}
            onClick={() => {
              returnTo.current = removeRef;
              setPending('remove');
            }}
          >
            {t('details.remove')}
          </button>
        )}
      </div>
      {pending === 'remove' && (
        <div
          className="row confirm"
          role="group"
          aria-label={t('details.removeMember', { name: user.displayName })}
          onKeyDown={cancelOnEscape(cancel)}
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
                onFocusLost();
              }, null)
            }
          >
            {t('details.remove')}
          </button>
          <button type="button" onClick={cancel}>
            {t('new.cancel')}
          </button>
        </div>
      )}
      {pending === 'role' && (
        <div
          className="row confirm"
          role="group"
          aria-label={t('details.applyRoleOf', { name: user.displayName })}
          onKeyDown={cancelOnEscape(cancel)}
        >
          <span>{roleQuestion}</span>
          <button
            type="button"
            className="danger"
            ref={confirmRef}
            disabled={busy}
            onClick={() => void sendRole()}
          >
            {t('details.changeRole')}
          </button>
          <button type="button" onClick={cancel}>
            {t('new.cancel')}
          </button>
        </div>
      )}
      <p className="visually-hidden" role="status">
        {done}
      </p>
      <FormError error={error} />
    </li>
  );
}
