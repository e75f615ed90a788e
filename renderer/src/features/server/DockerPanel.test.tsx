// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopBridge, ServerMode } from '../../../../contract/desktop-bridge.ts';
import type { DockerContainerView, DockerModeView } from '../../../../contract/desktop-docker.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { ServerPanel } from './ServerPanel.tsx';
import { withReloadIgnored } from './withReloadIgnored.ts';

const container = (role: string, state: string, health: string, port: number): DockerContainerView => ({
  role,
  container: `meeshy-${role}`,
  state,
  health,
  port,
});

const ENGINE = { state: 'answers', host: 'unix:///var/run/docker.sock' } as const;
const STOPPED: DockerModeView = {
  engine: ENGINE,
  data: [container('postgres', 'exited', 'none', 5432), container('redis', 'exited', 'none', 6379)],
  bundled: [container('translator', 'absent', '-', 50051), container('backend', 'absent', '-', 3001)],
};
const RUNNING: DockerModeView = {
  ...STOPPED,
  data: [container('postgres', 'running', 'healthy', 5432), container('redis', 'running', 'healthy', 6379)],
};

/**
 * The preload's Docker methods as the screen uses them: each call is recorded, `dockerState` answers the
 * current view, and the test pushes `docker-state` events as the main process would.
 */
function fakeDockerBridge(first: DockerModeView, mode: ServerMode = { kind: 'local' }) {
  const calls: unknown[][] = [];
  let current = first;
  let push: (view: DockerModeView) => void = () => undefined;
  const answer = (name: string) => (argument?: unknown) => {
    calls.push(argument === undefined ? [name] : [name, argument]);
    return Promise.resolve(current);
  };
  const bridge: Partial<DesktopBridge> = {
    serverMode: () => Promise.resolve(mode),
    setServerMode: (next) => {
      calls.push(['setServerMode', next]);
      return Promise.resolve();
    },
    dockerState: answer('dockerState'),
    startDocker: answer('startDocker'),
    stopDocker: answer('stopDocker'),
    launchBundled: answer('launchBundled'),
    stopBundled: answer('stopBundled'),
    on: ((event: string, listener: (view: DockerModeView) => void) => {
      if (event === 'docker-state') push = listener;
      return () => undefined;
    }) as DesktopBridge['on'],
  };
  (window as { meeshyDesktop?: unknown }).meeshyDesktop = bridge;
  return {
    calls,
    /** What the engine says next time it is asked. */
    answerNext: (view: DockerModeView) => {
      current = view;
    },
    push: (view: DockerModeView) => {
      current = view;
      act(() => {
        push(view);
      });
    },
  };
}

/** The Server screen with Docker chosen, once the first view has arrived. */
async function openDockerSection() {
  render(<ServerPanel />);
  fireEvent.click(screen.getByLabelText('Docker on this device'));
  return screen.findByRole('region', { name: 'Docker on this device' });
}

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
});
afterEach(() => {
  cleanup();
  delete (window as { meeshyDesktop?: unknown }).meeshyDesktop;
});

describe('the Server screen’s Docker section', () => {
  it('when no engine answers, says so with the one line on how to get one, and checks again', async () => {
    const advice =
      'No Docker engine answers at unix:///var/run/docker.sock (connect ENOENT): install one (Debian: apt-get install docker.io; elsewhere: Docker Desktop or docker-ce) and start it, or point DOCKER_HOST at a running engine.';
    const bridge = fakeDockerBridge({
      engine: { state: 'missing', host: 'unix:///var/run/docker.sock', advice },
      data: [],
      bundled: [],
    });
    await openDockerSection();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No Docker engine answers on this device.');
    expect(within(alert).getByText(advice)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start the containers' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Launch the bundled prod containers' })).toBeNull();

    bridge.answerNext(STOPPED);
    fireEvent.click(button('Check again'));
    expect(await screen.findByText('The Docker engine at unix:///var/run/docker.sock answers.')).toBeTruthy();
    expect(bridge.calls).toEqual([['dockerState'], ['dockerState']]);
  });

  it('shows stopped containers, starts them with progress, then shows them running and stops them', async () => {
    const bridge = fakeDockerBridge(STOPPED);
    await openDockerSection();
    const data = await screen.findByRole('table', { name: 'Postgres and Redis containers' });
    expect(within(data).getByRole('row', { name: /meeshy-postgres/ }).textContent).toContain('stopped');
    expect(within(data).getByText('127.0.0.1:6379')).toBeTruthy();
    expect(button('Stop the containers').disabled).toBe(true);
    fireEvent.click(button('Start the containers'));
    expect(bridge.calls).toContainEqual(['startDocker']);

    bridge.push({
      ...STOPPED,
      task: {
        name: 'start',
        progress: [
          { step: 'engine', detail: 'Checking the Docker engine at unix:///var/run/docker.sock' },
          { step: 'health', detail: 'meeshy-postgres: started, waiting until healthy' },
        ],
      },
    });
    const progress = screen.getByRole('status');
    expect(progress.textContent).toContain('Starting the containers — waiting until healthy');
    expect(within(progress).getByText('meeshy-postgres: started, waiting until healthy')).toBeTruthy();
    expect(button('Start the containers').disabled).toBe(true);
    expect(button('Launch the bundled prod containers').disabled).toBe(true);

    bridge.push(RUNNING);
    expect(screen.queryByRole('status')).toBeNull();
    const rows = within(screen.getByRole('table', { name: 'Postgres and Redis containers' }));
    expect(rows.getByRole('row', { name: /meeshy-redis/ }).textContent).toContain('running (healthy)');
    expect(button('Start the containers').disabled).toBe(true);
    fireEvent.click(button('Stop the containers'));
    expect(bridge.calls).toContainEqual(['stopDocker']);
  });

  it('shows a failed task with the line that says what to do, until the next one', async () => {
    const message =
      'Port 5432 on 127.0.0.1 is already taken by another program, so meeshy-postgres cannot use it: stop that program or free the port.';
    const bridge = fakeDockerBridge(STOPPED);
    await openDockerSection();
    bridge.push({ ...STOPPED, failure: { task: 'start', message } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Starting the containers failed:');
    expect(within(alert).getByText(message)).toBeTruthy();
    expect(button('Start the containers').disabled).toBe(false);
    bridge.push({ ...STOPPED, task: { name: 'start', progress: [] } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('launches the bundled prod containers (with monitoring when asked), shows their address and connects to it', async () => {
    const bridge = fakeDockerBridge(RUNNING);
    await openDockerSection();
    await screen.findByRole('table', { name: 'Bundled production containers' });
    fireEvent.click(screen.getByLabelText(/Also start the monitoring/));
    fireEvent.click(button('Launch the bundled prod containers'));
    expect(bridge.calls).toContainEqual(['launchBundled', { monitoring: true }]);

    bridge.push({
      ...RUNNING,
      task: {
        name: 'launch-bundled',
        progress: [{ step: 'images', detail: 'Step 7/12 : RUN npm ci --no-audit --no-fund' }],
      },
    });
    expect(screen.getByRole('status').textContent).toContain(
      'Launching the bundled prod containers — images',
    );

    await withReloadIgnored(async () => {
      bridge.push({
        ...RUNNING,
        bundled: [
          container('translator', 'running', 'healthy', 50051),
          container('backend', 'running', 'healthy', 3001),
        ],
        bundledUrl: 'http://127.0.0.1:3001',
      });
      expect(screen.getByText('http://127.0.0.1:3001')).toBeTruthy();
      fireEvent.click(button('Stop the bundled containers'));
      expect(bridge.calls).toContainEqual(['stopBundled']);
      fireEvent.click(button('Use it as this app’s server'));
      await act(() => Promise.resolve());
      expect(bridge.calls).toContainEqual([
        'setServerMode',
        { kind: 'remote', url: 'http://127.0.0.1:3001' },
      ]);
    });
  });

  it('in Docker mode, opens on the Docker section, whose buttons carry the server too', async () => {
    fakeDockerBridge(RUNNING, { kind: 'docker' });
    render(<ServerPanel />);
    expect(await screen.findByText(/Docker mode is in use/)).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Docker on this device' }).checked).toBe(true);
    expect(
      await screen.findByRole('button', { name: 'Stop the server and the containers (the data stays)' }),
    ).toBeTruthy();
  });
});
