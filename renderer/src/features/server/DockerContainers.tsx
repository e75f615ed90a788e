import type { DockerContainerView } from '../../../../contract/desktop-docker.ts';
import { useT } from '../../i18n/useT.ts';

/** The engine's states the screen names in the reader's language; any other is shown as the engine says it. */
const STATE_KEYS = {
  running: 'docker.state.running',
  exited: 'docker.state.exited',
  created: 'docker.state.created',
  absent: 'docker.state.absent',
} as const;

const stateKey = (state: string) =>
  Object.hasOwn(STATE_KEYS, state) ? STATE_KEYS[state as keyof typeof STATE_KEYS] : undefined;

/** A table of containers: name, state (with health while it runs) and the address of its service. */
export function DockerContainers({ rows, label }: { rows: DockerContainerView[]; label: string }) {
  const t = useT();
  return (
    <table className="docker-containers" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('docker.container')}</th>
          <th scope="col">{t('docker.stateHeading')}</th>
          <th scope="col">{t('docker.address')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = stateKey(row.state);
          const health = row.state === 'running' && row.health !== 'none' ? ` (${row.health})` : '';
          return (
            <tr key={row.container} data-role={row.role} data-state={row.state}>
              <th scope="row">{row.container}</th>
              <td>{`${key === undefined ? row.state : t(key)}${health}`}</td>
              <td>
                <code>127.0.0.1:{row.port}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
