import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataPlans } from '../docker/orchestrator/container-plans.ts';
import { resolveDockerSettings } from '../docker/orchestrator/docker-settings.ts';
import { PROD_TOPOLOGY, type Topology } from '../docker/orchestrator/topology.ts';
import { describeWithDockerEngine } from '../test-support/docker-engine.ts';
import { startDockerTestBed, testTopology, type DockerTestBed } from '../test-support/docker-test-setup.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { registerOverHttp, signInOverHttp } from '../test-support/users.ts';
import { commandsBeside } from './child-commands.ts';
import { DockerMode, type DockerModeOptions, type DockerModeStep } from './docker-mode.ts';
import { freeLoopbackPort } from './free-port.ts';

async function usernames(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ username: string }>('select username from users')).rows.map(
      (row) => row.username,
    );
  } finally {
    await client.end();
  }
}

describeWithDockerEngine('the desktop app’s docker mode', () => {
  let bed: DockerTestBed;
  let topology: Topology;
  const steps: DockerModeStep[] = [];

  beforeAll(async () => {
    bed = await startDockerTestBed();
    // The production topology's Postgres and Redis, on free ports so the machine's own are left alone.
    topology = await testTopology('desktop', ['postgres', 'redis'], PROD_TOPOLOGY);
  }, 20 * 60_000);
  afterAll(async () => {
    await bed.orchestrator.remove(topology, dataPlans(topology, bed.settings), { volumes: true });
    await bed.engine.stop();
  }, 120_000);

  const options = async (): Promise<DockerModeOptions> => ({
    docker: bed.settings,
    stack: {
      port: await freeLoopbackPort(),
      host: '127.0.0.1',
      dataDir: makeTempDir('meeshy-docker-mode-'),
      translatorPort: undefined,
      download: false,
      offline: true,
      logLevel: 'warn',
    },
    // The sources through tsx, as `npm run serve` runs them; a cheap password hash keeps the test quick.
    commands: commandsBeside(pathToFileURL(path.join(import.meta.dirname, 'docker-mode.ts')).href, {
      command: process.execPath,
      env: { MEESHY_SCRYPT_LOG_N: '10' },
    }),
    log: () => undefined,
    progress: (step) => steps.push(step),
    topology,
    engine: bed.docker,
    pull: false,
  });

  it(
    'starts the containers, runs the server on them, and the data survives stopping them and the app',
    async () => {
      const mode = new DockerMode(await options());
      const first = await mode.start();
      expect([...first.containers.values()]).toEqual(['created', 'created']);
      expect(steps.map((step) => step.step)).toEqual(
        expect.arrayContaining(['engine', 'containers', 'server']),
      );
      expect(steps[0]).toEqual({ step: 'engine', detail: `Checking the Docker engine at ${bed.dockerHost}` });
      expect(steps.at(-1)?.step).toBe('server');
      await registerOverHttp(first.stack.url, 'dockerina');
      // The account is in the container's database, not in a SQLite file of the data folder.
      expect(await usernames(first.DATABASE_URL)).toContain('dockerina');
      expect((await mode.containerStates()).map((row) => [row.state, row.health])).toEqual([
        ['running', 'healthy'],
        ['running', 'healthy'],
      ]);

      await first.stack.stop();
      expect([...(await mode.stopContainers()).values()]).toEqual(['stopped', 'stopped']);
      expect((await mode.containerStates()).map((row) => row.state)).toEqual(['exited', 'exited']);

      const again = new DockerMode(await options());
      const second = await again.start();
      try {
        expect([...second.containers.values()]).toEqual(['started', 'started']);
        const session = await signInOverHttp(second.stack.url, 'dockerina');
        expect(session.user.username).toBe('dockerina');
      } finally {
        await second.stack.stop();
      }
    },
    5 * 60_000,
  );

  it('says in one line how to get an engine when none answers, before starting anything', async () => {
    const seen: DockerModeStep[] = [];
    const mode = new DockerMode({
      ...(await options()),
      docker: resolveDockerSettings([], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
      engine: undefined,
      progress: (step) => seen.push(step),
    });
    await expect(mode.start()).rejects.toThrow(
      /^No Docker engine answers at unix:\/\/\/nonexistent\/docker.sock .*apt-get install docker.io.*DOCKER_HOST/,
    );
    expect(seen.map((step) => step.step)).toEqual(['engine']);
  });
});
