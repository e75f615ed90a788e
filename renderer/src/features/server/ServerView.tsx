import { useT } from '../../i18n/useT.ts';
import { engine } from '../sync/engine.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { ServerPanel } from './ServerPanel.tsx';

export function ServerView() {
  const t = useT();
  return (
    <section aria-labelledby="server-title" className="page-section">
      <h1 id="server-title">{t('server.title')}</h1>
      <h2>{t('server.state')}</h2>
      <ConnectionStatus />
      <button
        type="button"
        onClick={() => {
          engine.reconnectNow();
        }}
      >
        {t('server.reconnect')}
      </button>
      <ServerPanel />
    </section>
  );
}
