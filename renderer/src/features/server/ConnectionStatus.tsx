import { useConnection } from '../../lib/realtime/connectionStore.ts';
import { useT } from '../../i18n/useT.ts';
import { StackNotice } from '../desktop/StackNotice.tsx';
import { engine } from '../sync/engine.ts';
import { useOutboxEntries } from '../sync/outboxStore.ts';
import { useTranslations } from '../translation/translationStore.ts';

const LABEL = {
  online: 'conn.online',
  connecting: 'conn.connecting',
  syncing: 'conn.syncing',
  offline: 'conn.offline',
  unreachable: 'conn.unreachable',
} as const;

/** Always on screen: where the connection stands, and how many messages wait in the outbox. */
export function ConnectionStatus() {
  const t = useT();
  const state = useConnection((s) => s.state);
  const waiting = useOutboxEntries((s) => s.entries.filter((e) => e.state === 'queued').length);
  const translatorDown = useTranslations((s) => s.translator !== null && s.translator !== 'serving');
  return (
    <div className={`connection connection-${state}`} role="status" aria-live="polite" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{t(LABEL[state])}</span>
      {waiting > 0 && <span className="connection-queue">({waiting})</span>}
      {translatorDown && state === 'online' && (
        <span className="connection-translator" data-translator="down">
          · {t('conn.translatorDown')}
        </span>
      )}
      <StackNotice />
      {state === 'unreachable' && (
        <button
          type="button"
          className="link"
          onClick={() => {
            engine.reconnectNow();
          }}
        >
          {t('conn.retryNow')}
        </button>
      )}
    </div>
  );
}
