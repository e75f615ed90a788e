import { useEffect, useRef, useState } from 'react';
import { cancelOnEscape } from '../../../components/cancelOnEscape.ts';
import { useT } from '../../../i18n/useT.ts';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';
import { FormError } from '../../../components/FormError.tsx';
import { useAsyncAction } from '../../../components/useAsyncAction.ts';

interface Props {
  conversationId: string;
  title: string;
  /** Set when this user is the only admin: who the server will make admin when they leave. */
  successorName: string | null;
  actions: GroupActions;
  onLeft: () => void;
}

/** Leaving cannot be undone by oneself (someone has to add you back), so it asks first. */
export function LeaveGroup({ conversationId, title, successorName, actions, onLeft }: Props) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  // Busy to the end: once left, the dialog closes.
  const { busy, error, run } = useAsyncAction(actionErrorText, { busyAfterSuccess: true });
  const confirmRef = useRef<HTMLButtonElement>(null);
  const leaveRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the question and comes back to "Leave" when it is cancelled.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) leaveRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  // The confirm button was disabled while the request ran, which drops focus to the page: after a refusal
  // it goes back there, next to the error.
  useEffect(() => {
    if (!busy && confirming && error !== null) confirmRef.current?.focus();
  }, [busy, confirming, error]);

  const leave = () =>
    run(async () => {
      await actions.leave(conversationId);
      onLeft();
    });

  return (
    <section className="details-leave" aria-label={t('details.leave')}>
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-labelledby="details-leave-question"
          onKeyDown={cancelOnEscape(() => {
            setConfirming(false);
            return true;
          })}
        >
          <p id="details-leave-question">
            {successorName === null
              ? t('details.confirmLeave', { title })
              : t('details.confirmLeaveSuccessor', { title, name: successorName })}
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t('new.cancel')}
            </button>
            <button
              ref={confirmRef}
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void leave()}
            >
              {t('details.leaveConfirm')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={leaveRef}
          type="button"
          className="danger"
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t('details.leave')}
        </button>
      )}
      <FormError error={error} />
    </section>
  );
}
