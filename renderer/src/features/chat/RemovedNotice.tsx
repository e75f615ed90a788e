import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useConversations, type RemovedNotice as Notice } from '../conversations/conversationsStore.ts';

/**
 * Shown in place of a conversation this user was just removed from while reading it: the pane says what
 * happened rather than going blank. Focus moves here so keyboard and screen-reader users learn it too.
 */
export function RemovedNotice({ notice }: { notice: Notice }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [notice.conversationId]);
  return (
    <div ref={ref} className="chat-empty removed-notice" role="alert" tabIndex={-1}>
      <p>
        {notice.title === null ? t('details.removedUntitled') : t('details.removed', { title: notice.title })}
      </p>
      <button
        type="button"
        onClick={() => {
          useConversations.getState().dismissNotice();
        }}
      >
        {t('details.dismiss')}
      </button>
    </div>
  );
}
