import type { DesktopBridge } from '../../../../contract/desktop-bridge.ts';
import type { DockerEngineView } from '../../../../contract/desktop-docker.ts';
import { useT } from '../../i18n/useT.ts';
import { BundledContainers } from './BundledContainers.tsx';
import { DockerContainers } from './DockerContainers.tsx';
import { DockerTaskProgress } from './DockerTaskProgress.tsx';
import { useDockerView } from './useDockerView.ts';

/** Whether an engine answers; when none does, the orchestration's one line on how to get one, and a recheck. */
function EngineLine({ engine, onRecheck }: { engine: DockerEngineView; onRecheck: () => void }) {
  const t = useT();
  switch (engine.state) {
    case 'unknown':
      return <p className="hint">{t('docker.engineAsking')}</p>;
    case 'answers':
      return <p data-engine="answers">{t('docker.engineAnswers', { host: engine.host })}</p>;
    case 'missing':
      return (
        <div className="form-error" role="alert" data-engine="missing">
          <p>{t('docker.engineMissing')}</p>
          <p>
            <code>{engine.advice}</code>
          </p>
          <button type="button" onClick={onRecheck}>
            {t('docker.recheck')}
          </button>
        </div>
      );
  }
}

/**
 * The Server screen's Docker section (desktop app only): the engine, the Postgres and Redis containers with
 * start and stop (in Docker mode they carry this device's server too), the bundled production containers,
 * and whatever Docker is doing or why it failed.
 */
export function DockerPanel({
  bridge,
  active,
  onConnect,
}: {
  bridge: DesktopBridge;
  /** Docker mode is the mode in use: starting and stopping the containers starts and stops the server too. */
  active: boolean;
  onConnect: (url: string) => void;
}) {
  const t = useT();
  const { view, recheck } = useDockerView(bridge);
  const busy = view.task !== undefined;
  const running = view.data.filter((row) => row.state === 'running').length;
  return (
    <section className="docker-panel" aria-labelledby="docker-title">
      <h3 id="docker-title">{t('docker.title')}</h3>
      <p className="hint">{t(active ? 'docker.activeHint' : 'docker.hint')}</p>
      <EngineLine engine={view.engine} onRecheck={recheck} />
      {view.engine.state === 'answers' && (
        <>
          <DockerContainers rows={view.data} label={t('docker.dataTitle')} />
          <button
            type="button"
            disabled={busy || running === view.data.length}
            onClick={() => {
              void bridge.startDocker();
            }}
          >
            {t(active ? 'docker.startWithServer' : 'docker.start')}
          </button>
          <button
            type="button"
            disabled={busy || running === 0}
            onClick={() => {
              void bridge.stopDocker();
            }}
          >
            {t(active ? 'docker.stopWithServer' : 'docker.stop')}
          </button>
          <BundledContainers view={view} bridge={bridge} onConnect={onConnect} />
        </>
      )}
      <DockerTaskProgress view={view} />
    </section>
  );
}
