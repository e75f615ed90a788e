import { useT } from '../../i18n/useT.ts';
import { desktopBridge } from '../../lib/desktopBridge.ts';
import { useStackStatus } from './useStackStatus.ts';

/**
 * In the desktop app, says when a part of the local stack crashed and is coming back, gave up (with a
 * retry and where the logs are), or was stopped by the user, so a silent connection drop is never the only sign.
 */
export function StackNotice() {
  const t = useT();
  const status = useStackStatus();
  if (status.state === 'restarting') {
    return (
      <span className="connection-stack" data-stack="restarting">
        ·{' '}
        {t(status.service === 'server' ? 'stack.serverRestarting' : 'stack.translatorRestarting', {
          attempt: status.attempt,
        })}
      </span>
    );
  }
  if (status.state === 'stopped') {
    return (
      <span className="connection-stack" data-stack="stopped">
        · {t('stack.stopped')}
      </span>
    );
  }
  if (status.state !== 'failed') return null;
  return (
    <span className="connection-stack" data-stack="failed">
      · {t('stack.failed', { reason: status.reason, logFile: status.logFile })}{' '}
      <button
        type="button"
        className="link"
        onClick={() => {
          void desktopBridge()?.retryStack();
        }}
      >
        {t('conn.retryNow')}
      </button>
    </span>
  );
}
