import type { DockerModeView, DockerTaskName } from '../../../../contract/desktop-docker.ts';
import { useT } from '../../i18n/useT.ts';

const TASK_KEYS = {
  start: 'docker.task.start',
  stop: 'docker.task.stop',
  'launch-bundled': 'docker.task.launchBundled',
  'stop-bundled': 'docker.task.stopBundled',
} as const satisfies Record<DockerTaskName, string>;

const STEP_KEYS = {
  engine: 'docker.step.engine',
  images: 'docker.step.images',
  containers: 'docker.step.containers',
  health: 'docker.step.health',
  server: 'docker.step.server',
} as const;

/** How many of the latest progress lines are shown (an image build writes hundreds). */
const SHOWN_LINES = 8;

/**
 * What Docker is doing now (the task, its phase, its latest lines), or the last failure with its one line
 * saying what to do: the orchestration writes that line in English, so it is shown as it is.
 */
export function DockerTaskProgress({ view }: { view: DockerModeView }) {
  const t = useT();
  if (view.task !== undefined) {
    const lines = view.task.progress.slice(-SHOWN_LINES);
    const latest = lines.at(-1);
    return (
      <div className="docker-task" role="status" aria-live="polite" data-task={view.task.name}>
        <p>
          {t(TASK_KEYS[view.task.name])}
          {latest === undefined ? '' : ` — ${t(STEP_KEYS[latest.step])}`}
        </p>
        <progress />
        <ol className="docker-progress">
          {lines.map((line, index) => (
            <li key={`${String(index)}-${line.detail}`} data-step={line.step}>
              {line.detail}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (view.failure !== undefined) {
    return (
      <div className="docker-failure form-error" role="alert" data-task={view.failure.task}>
        <p>{t('docker.failed', { task: t(TASK_KEYS[view.failure.task]) })}</p>
        <pre>{view.failure.message}</pre>
      </div>
    );
  }
  return null;
}
