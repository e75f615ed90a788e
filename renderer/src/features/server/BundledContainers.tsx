import { useState } from 'react';
import type { DesktopBridge } from '../../../../contract/desktop-bridge.ts';
import type { DockerModeView } from '../../../../contract/desktop-docker.ts';
import { useT } from '../../i18n/useT.ts';
import { DockerContainers } from './DockerContainers.tsx';

/**
 * The bundled production containers: the project's own images (built when missing) started as the whole
 * production topology on this machine; once its chat server answers, its address, and the app can use it
 * as a self-hosted server.
 */
export function BundledContainers({
  view,
  bridge,
  onConnect,
}: {
  view: DockerModeView;
  bridge: DesktopBridge;
  onConnect: (url: string) => void;
}) {
  const t = useT();
  const [monitoring, setMonitoring] = useState(false);
  const busy = view.task !== undefined;
  const running = view.bundled.some((row) => row.state === 'running');
  const url = view.bundledUrl;
  return (
    <section className="docker-bundled" aria-labelledby="docker-bundled-title">
      <h4 id="docker-bundled-title">{t('docker.bundledTitle')}</h4>
      <p className="hint">{t('docker.bundledHint')}</p>
      {view.bundled.length > 0 && <DockerContainers rows={view.bundled} label={t('docker.bundledTitle')} />}
      <label className="check">
        <input
          type="checkbox"
          checked={monitoring}
          disabled={busy}
          onChange={(event) => {
            setMonitoring(event.target.checked);
          }}
        />
        {t('docker.monitoring')}
      </label>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          void bridge.launchBundled({ monitoring });
        }}
      >
        {t('docker.launchBundled')}
      </button>
      {running && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            void bridge.stopBundled();
          }}
        >
          {t('docker.stopBundled')}
        </button>
      )}
      {url !== undefined && (
        <p className="docker-bundled-url" data-url={url}>
          {t('docker.bundledAt')} <code>{url}</code>{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              onConnect(url);
            }}
          >
            {t('docker.connect')}
          </button>
        </p>
      )}
    </section>
  );
}
