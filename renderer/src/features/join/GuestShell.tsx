import { useEffect, useState } from 'react';
import { FormError } from '../../components/FormError.tsx';
import { useT } from '../../i18n/useT.ts';
import { errorText } from '../auth/errorText.ts';
import { ChatView } from '../chat/ChatView.tsx';
import { useConversations } from '../conversations/conversationsStore.ts';
import { ConnectionStatus } from '../server/ConnectionStatus.tsx';
import { leaveAsGuest } from './guestLeave.ts';

/**
 * What a guest sees: the one conversation they joined by link, and a way to leave. No conversation list,
 * settings, models or server choice: a guest's token reaches none of them (contract/join.ts).
 */
export function GuestShell() {
  const t = useT();
  // A guest belongs to one conversation: the list holds it alone, and it is the one shown.
  const onlyId = useConversations((s) => s.list[0]?.id ?? null);
  const selectedId = useConversations((s) => s.selectedId);
  useEffect(() => {
    if (onlyId !== null && selectedId !== onlyId) useConversations.getState().select(onlyId);
  }, [onlyId, selectedId]);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const leave = async () => {
    if (onlyId === null) return;
    try {
      await leaveAsGuest(onlyId);
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <div className="shell guest-shell">
      <div className="shell-body">
        <ConnectionStatus />
        <div className="guest-bar" role="region" aria-label={t('join.guest')}>
          <span>{t('join.guestBanner')}</span>
          {confirming ? (
            <>
              <span>{t('join.leaveConfirm')}</span>
              <button type="button" className="danger" onClick={() => void leave()}>
                {t('join.leave')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setConfirming(false);
                }}
              >
                {t('join.notNow')}
              </button>
            </>
          ) : (
            <button
              type="button"
              onClick={() => {
                setConfirming(true);
              }}
            >
              {t('join.leave')}
            </button>
          )}
          <FormError error={error} />
        </div>
        <div className="shell-content">
          <main id="main" className="main-pane" tabIndex={-1}>
            <ChatView />
          </main>
        </div>
      </div>
    </div>
  );
}
