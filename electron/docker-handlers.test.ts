import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMode, StackStatus } from '../contract/desktop-bridge.ts';
import type { DockerModeView } from '../contract/desktop-docker.ts';
import { dataPlans } from '../docker/orchestrator/container-plans.ts';
import { resolveDockerSettings } from '../docker/orchestrator/docker-settings.ts';
import { PROD_TOPOLOGY, type Topology } from '../docker/orchestrator/topology.ts';
import { commandsBeside } from '../stack/child-commands.ts';
import { DockerModeController } from '../stack/docker-mode-controller.ts';
import { describeWithDockerEngine } from '../test-support/docker-engine.ts';
import { startDockerTestBed, testTopology, type DockerTestBed } from '../test-support/docker-test-setup.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { registerOverHttp, signInOverHttp } from '../test-support/users.ts';
import { dockerHandlers, type DockerHandlers } from './docker-handlers.ts';
import { DesktopStack } from './stack.ts';

/** The server and translator from the sources through tsx, as `npm run serve` runs them; a cheap password hash. */
const SOURCE_COMMANDS = commandsBeside(pathToFileURL(path.join(import.meta.dirname, 'stack.ts')).href, {
  command: process.execPath,
  env: { MEESHY_SCRYPT_LOG_N: '10' },
});

/** The Server screen's Docker section as the main process answers it: a controller, a desktop stack, the handlers. */
function desktopParts(controller: DockerModeController, mode: () => ServerMode) {
  const dataDir = makeTempDir('meeshy-docker-handlers-');
  const statuses: StackStatus[] = [];
  const views: DockerModeView[] = [];
  const stack = new DesktopStack({
    dataDir,
    commands: SOURCE_COMMANDS,
    logFile: path.join(dataDir, 'main.log'),
    log: () => undefined,
    startDocker: (settings, options, onStep) =>
      controller.startMode(settings, options, onStep).then((started) => started.stack),
  });
  stack.on('status', (status) => statuses.push(status));
  controller.on('view', (view) => views.push(view));
  const handlers: DockerHandlers = dockerHandlers({ controller, mode, stack });
  return { stack, handlers, statuses, views };
}

/** A controller pointed at a socket where no engine answers. */
const controllerWithoutEngine = () =>
  new DockerModeController({
    docker: resolveDockerSettings([], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    pull: false,
    sourceDir: undefined,
  });

const rolesAndStates = (view: DockerModeView) =>
  view.data.map((row) => [row.role, row.state, row.health] as const);

describe('the Docker section when no engine answers', () => {
  it('says so in one line with how to get one, and a start fails with that line', async () => {
    const controller = controllerWithoutEngine();
    const { stack, handlers, statuses } = desktopParts(controller, () => ({ kind: 'docker' }));
    const view = await handlers.dockerState(undefined);
    expect(view.engine).toMatchObject({ state: 'missing', host: 'unix:///nonexistent/docker.sock' });
    const advice = view.engine.state === 'missing' ? view.engine.advice : '';
    expect(advice).toMatch(
      /^No Docker engine answers at unix:\/\/\/nonexistent\/docker.sock .*apt-get install docker.io/,
    );

    // In Docker mode the desktop stack fails with the same line (the start screen shows it).
    await handlers.startDocker(undefined);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', reason: advice });
    expect(controller.view.failure).toEqual({ task: 'start', message: advice });
    expect(controller.view.task).toBeUndefined();
    await stack.stop();
  });
});

describe('the Docker requests the page may send', () => {
  it('refuses anything but the declared shapes', async () => {
    const controller = controllerWithoutEngine();
    const { handlers } = desktopParts(controller, () => ({ kind: 'local' }));
    for (const call of [
      () => handlers.dockerState('everything'),
      () => handlers.stopDocker({ volumes: true }),
      () => handlers.launchBundled(undefined),
      () => handlers.launchBundled({ monitoring: 'yes' }),
      () => handlers.launchBundled({ monitoring: false, image: 'evil/backend' }),
    ]) {
      await expect((async () => call())()).rejects.toThrow();
    }
    expect(controller.view.task).toBeUndefined();
  });
});

describeWithDockerEngine('the Docker section on a real engine', () => {
  let bed: DockerTestBed;
  let topology: Topology;
  let bundledTopology: Topology;

  beforeAll(async () => {
    bed = await startDockerTestBed();
    // The production topology's Postgres and Redis (and chat servers), renamed onto free ports.
    topology = await testTopology('ui', ['postgres', 'redis'], PROD_TOPOLOGY);
    bundledTopology = await testTopology(
      'uibundle',
      ['postgres', 'redis', 'translator', 'backend', 'frontend'],
      PROD_TOPOLOGY,
    );
  }, 20 * 60_000);
  afterAll(async () => {
    for (const each of [topology, bundledTopology])
      await bed.orchestrator.remove(each, dataPlans(each, bed.settings), { volumes: true });
    await bed.engine.stop();
  }, 120_000);

  const controllerFor = (chosen: Topology, sourceDir?: string) =>
    new DockerModeController({
      docker: bed.settings,
      pull: false,
      sourceDir,
      topology: chosen,
      engine: bed.docker,
    });

  it(
    'in Docker mode, starts the containers and the server on them with progress, stops and restarts them, and the data stays',
    async () => {
      const controller = controllerFor(topology);
      const { stack, handlers, statuses, views } = desktopParts(controller, () => ({ kind: 'docker' }));
      try {
        const first = await handlers.dockerState(undefined);
        expect(first.engine).toEqual({ state: 'answers', host: bed.dockerHost });
        expect(rolesAndStates(first)).toEqual([
          ['postgres', 'absent', '-'],
          ['redis', 'absent', '-'],
        ]);

        const started = await handlers.startDocker(undefined);
        expect(started.task).toBeUndefined();
        expect(started.failure).toBeUndefined();
        expect(rolesAndStates(started)).toEqual([
          ['postgres', 'running', 'healthy'],
          ['redis', 'running', 'healthy'],
        ]);
        // The screen saw the task with its progress: the engine, the containers and their health, the server.
        const seenSteps = new Set(
          views.flatMap((view) => view.task?.progress.map((line) => line.step) ?? []),
        );
        expect([...seenSteps]).toEqual(expect.arrayContaining(['engine', 'containers', 'health', 'server']));
        expect(views.some((view) => view.task?.name === 'start')).toBe(true);
        // The start screen saw the Docker steps before the local children.
        const steps = statuses.flatMap((status) => (status.state === 'starting' ? [status.step] : []));
        expect(steps.slice(0, 3)).toEqual(['engine', 'engine', 'containers']);
        expect(stack.status.state).toBe('ready');
        const url = stack.status.state === 'ready' ? stack.status.url : '';

        await registerOverHttp(url, 'dockerui');
        const stopped = await handlers.stopDocker(undefined);
        expect(stopped.data.map((row) => row.state)).toEqual(['exited', 'exited']);
        expect(stopped.failure).toBeUndefined();
        // The server was stopped before its database, and the status says so (issue 15: it stayed `ready`).
        await expect(fetch(`${url}/health`)).rejects.toThrow();
        expect(stack.status).toEqual({ state: 'stopped' });
        expect(statuses.at(-1)).toEqual({ state: 'stopped' });

        const again = await handlers.startDocker(undefined);
        expect(again.data.map((row) => row.state)).toEqual(['running', 'running']);
        expect(stack.status.state).toBe('ready');
        const nextUrl = stack.status.state === 'ready' ? stack.status.url : '';
        const session = await signInOverHttp(nextUrl, 'dockerui');
        expect(session.user.username).toBe('dockerui');
      } finally {
        await stack.stop();
      }
    },
    5 * 60_000,
  );

  it('outside Docker mode, starts and stops only the containers; a port already taken is a failure that says so', async () => {
    const controller = controllerFor(bundledTopology);
    const { stack, handlers, statuses } = desktopParts(controller, () => ({ kind: 'local' }));
    const postgresPort = bundledTopology.services.postgres?.port ?? 0;
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(postgresPort, '127.0.0.1', resolve));
    try {
      const refused = await handlers.startDocker(undefined);
      expect(refused.failure?.task).toBe('start');
      expect(refused.failure?.message).toBe(
        `Port ${postgresPort} on 127.0.0.1 is already taken by another program, so ${bundledTopology.services.postgres?.container ?? ''} cannot use it: stop that program or free the port.`,
      );
      expect(refused.task).toBeUndefined();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const started = await handlers.startDocker(undefined);
    expect(started.failure).toBeUndefined();
    expect(started.data.map((row) => row.state)).toEqual(['running', 'running']);
    // The chat servers are not there: the bundled rows say so, and there is no address to connect to.
    expect(started.bundled.map((row) => [row.role, row.state])).toEqual([
      ['translator', 'absent'],
      ['backend', 'absent'],
      ['frontend', 'absent'],
    ]);
    expect(started.bundledUrl).toBeUndefined();
    // Nothing of the local stack ran.
    expect(statuses).toEqual([]);
    const stopped = await handlers.stopDocker(undefined);
    expect(stopped.data.map((row) => row.state)).toEqual(['exited', 'exited']);
    await stack.stop();
  }, 180_000);

  it('launching the bundled containers without their images and without sources says what to do', async () => {
    const noSources = makeTempDir('meeshy-no-sources-');
    const controller = new DockerModeController({
      docker: resolveDockerSettings([], {
        ...bed.env,
        MEESHY_SERVER_IMAGE: 'meeshy-test/backend:never-built',
      }),
      pull: false,
      sourceDir: noSources,
      topology: bundledTopology,
      engine: bed.docker,
    });
    const { handlers } = desktopParts(controller, () => ({ kind: 'local' }));
    const view = await handlers.launchBundled({ monitoring: false });
    expect(view.failure).toEqual({
      task: 'launch-bundled',
      message:
        'Image meeshy-test/backend:never-built is not in the Docker engine and this app has no sources to build it from: build it in a checkout of Meeshy (npm run docker -- prod:build) or choose another image with MEESHY_SERVER_IMAGE.',
    });
    // Nothing was started for it.
    expect(view.bundled.every((row) => row.state === 'absent')).toBe(true);
  });
});
