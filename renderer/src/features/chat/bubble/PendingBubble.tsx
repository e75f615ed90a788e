import { useT } from '../../../i18n/useT.ts';
import { useConnection } from '../../../lib/realtime/connectionStore.ts';
import type { OutboxEntry } from '../outbox.ts';
import { engine } from '../../sync/engine.ts';
import { PendingAttachments } from '../../attachments/PendingAttachments.tsx';

/** A message of ours the server has not acknowledged yet: queued, sending, or refused. */
export function PendingBubble({ entry }: { entry: OutboxEntry }) {
  const t = useT();
  const online = useConnection((s) => s.state === 'online' || s.state === 'syncing');
  const status =
    entry.state === 'failed'
      ? t('msg.failed', { error: entry.error ?? '' })
      : online
        ? t('msg.sending')
        : t('msg.queued');
  return (
    <li
      className={`message own pending${entry.state === 'failed' ? ' failed' : ''}`}
      data-client-id={entry.clientMessageId}
    >
      <article className="bubble">
        {entry.content !== '' && <p className="text">{entry.content}</p>}
        <PendingAttachments
          entry={entry}
          onCancel={() => {
            engine.discard(entry.clientMessageId);
          }}
        />
        <p className="meta" role="status">
          <span aria-hidden="true">{entry.state === 'failed' ? '⚠ ' : '🕓 '}</span>
          {status}
        </p>
        {entry.state === 'failed' && (
          <div className="row">
            <button
              type="button"
              onClick={() => {
                engine.retry(entry.clientMessageId);
              }}
            >
              {t('msg.retry')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                engine.discard(entry.clientMessageId);
              }}
            >
              {t('msg.discard')}
            </button>
          </div>
        )}
      </article>
    </li>
  );
}
