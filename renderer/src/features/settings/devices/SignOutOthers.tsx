import { useEffect, useRef, useState } from 'react';
import { cancelOnEscape } from '../../../components/cancelOnEscape.ts';
import { useT } from '../../../i18n/useT.ts';

interface Props {
  busy: boolean;
  onConfirm: () => void;
}

/**
 * "Sign out all other devices" asks first: every other device then has to sign in again. Focus goes to
 * "Cancel" when the question appears (Enter right after the first click must not confirm by accident)
 * and back to the button that asked when it is cancelled, by click or Escape.
 */
export function SignOutOthers({ busy, onConfirm }: Props) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) askRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={askRef}
        type="button"
        className="danger"
        disabled={busy}
        onClick={() => {
          setConfirming(true);
        }}
      >
        {t('devices.signOutOthers')}
      </button>
    );
  }
  return (
    <div
      className="confirm"
      role="group"
      aria-labelledby="devices-others-question"
      onKeyDown={cancelOnEscape(() => {
        setConfirming(false);
        return true;
      })}
    >
      <p id="devices-others-question">{t('devices.confirmOthers')}</p>
      <div className="dialog-actions">
        <button
          ref={cancelRef}
          type="button"
          onClick={() => {
            setConfirming(false);
          }}
        >
          {t('new.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {t('devices.confirmOthersYes')}
        </button>
      </div>
    </div>
  );
}
