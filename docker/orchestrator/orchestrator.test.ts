import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOCKERD_INSTALL_LINE } from '../../test-support/docker-engine.ts';
import {
  startDockerTestBed,
  testDataPlans,
  testTopology,
  type DockerTestBed,
} from '../../test-support/docker-test-setup.ts';
import { describeWithProgram } from '../../test-support/needs-program.ts';
import { healthReport } from '../health-report.ts';
import { resolveDockerSettings } from './docker-settings.ts';
import { Orchestrator } from './orchestrator.ts';

const describeWithDockerd = describeWithProgram('dockerd', DOCKERD_INSTALL_LINE);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

describeWithDockerd('Docker orchestration against a real engine', () => {
  let bed: DockerTestBed;

  // The first run builds the base images from Debian packages (minutes); later runs import the cached tars.
  beforeAll(async () => {
    bed = await startDockerTestBed();
  }, 20 * 60_000);
  afterAll(async () => {
    await bed.engine.stop();
  }, 120_000);

  it('brings Postgres and Redis up healthy, and they answer at the reported URLs', async () => {
    const topology = await testTopology('up');
    const plans = testDataPlans(bed, topology);
    const [postgres] = plans;
    const outcomes = await bed.orchestrator.up(topology, plans, { pull: false });
    expect([...outcomes.values()]).toEqual(['created', 'created']);
    const { DATABASE_URL, REDIS_URL } = bed.orchestrator.connectionDetails(topology);
    expect(DATABASE_URL).toBe(`postgres://meeshy_user:meeshy_password@127.0.0.1:${postgres.port}/meeshy`);
    expect(await query(DATABASE_URL, 'select 1 as one')).toEqual([{ one: 1 }]);
    expect(await withRedis(REDIS_URL, (redis) => redis.ping())).toBe('PONG');
    const info = await bed.docker.getContainer(postgres.container).inspect();
    expect(info.Config.Labels).toMatchObject({ 'org.meeshy.topology': 'dev', 'org.meeshy.role': 'postgres' });
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    // Up again: the running containers are reattached, not recreated.
    expect([...(await bed.orchestrator.up(topology, plans, { pull: false })).values()]).toEqual([
      'already running',
      'already running',
    ]);
  }, 180_000);

  it('keeps the data when containers are stopped and started, and when they are removed and recreated', async () => {
    const topology = await testTopology('keep');
    const plans = testDataPlans(bed, topology);
    const [postgres] = plans;
    await bed.orchestrator.up(topology, plans, { pull: false });
    const { DATABASE_URL, REDIS_URL } = bed.orchestrator.connectionDetails(topology);
    await query(DATABASE_URL, "create table kept (word text); insert into kept values ('bonjour')");
    await withRedis(REDIS_URL, (redis) => redis.set('kept', 'hola'));

    expect([...(await bed.orchestrator.stop(plans)).values()]).toEqual(['stopped', 'stopped']);
    expect((await bed.orchestrator.status(plans)).map((row) => row.state)).toEqual(['exited', 'exited']);
    expect([...(await bed.orchestrator.up(topology, plans, { pull: false })).values()]).toEqual([
      'started',
      'started',
    ]);
    expect(await query(DATABASE_URL, 'select word from kept')).toEqual([{ word: 'bonjour' }]);
    expect(await withRedis(REDIS_URL, (redis) => redis.get('kept'))).toBe('hola');

    await bed.orchestrator.remove(topology, plans, { volumes: false });
    expect([...(await bed.orchestrator.up(topology, plans, { pull: false })).values()]).toEqual([
      'created',
      'created',
    ]);
    expect(await query(DATABASE_URL, 'select word from kept')).toEqual([{ word: 'bonjour' }]);
    expect(await withRedis(REDIS_URL, (redis) => redis.get('kept'))).toBe('hola');

    await bed.orchestrator.remove(topology, plans, { volumes: true });
    expect((await bed.orchestrator.status(plans)).map((row) => row.state)).toEqual(['absent', 'absent']);
    expect((await bed.docker.listVolumes()).Volumes.map((volume) => volume.Name)).not.toContain(
      postgres.volume?.name,
    );
  }, 240_000);

  it('status and health say what runs, what is stopped and what does not answer', async () => {
    const topology = await testTopology('health');
    const plans = testDataPlans(bed, topology);
    const [postgres, redis] = plans;
    expect((await healthReport(bed.orchestrator, plans)).lines).toEqual([
      `${postgres.container}: not created`,
      `${redis.container}: not created`,
    ]);
    await bed.orchestrator.up(topology, plans, { pull: false });
    await bed.orchestrator.stop([redis]);
    const report = await healthReport(bed.orchestrator, plans);
    expect(report.lines).toEqual([
      `${postgres.container}: healthy; engine health=healthy; select 1 = 1`,
      `${redis.container}: exited`,
    ]);
    expect(report.allHealthy).toBe(true);
    expect(await bed.orchestrator.status(plans)).toMatchObject([
      { container: postgres.container, state: 'running', health: 'healthy', port: postgres.port },
      { container: redis.container, state: 'exited', port: redis.port },
    ]);
    // Paused: the container exists but its service cannot answer; health must not pretend otherwise.
    await bed.docker.getContainer(postgres.container).pause();
    try {
      expect(await healthReport(bed.orchestrator, [postgres])).toEqual({
        lines: [`${postgres.container}: UNHEALTHY; paused`],
        allHealthy: false,
      });
    } finally {
      await bed.docker.getContainer(postgres.container).unpause();
    }
    await bed.orchestrator.remove(topology, plans, { volumes: true });
  }, 180_000);

  it('says in one line when no engine answers, an image is missing, or a port is taken', async () => {
    const absent = new Orchestrator(
      resolveDockerSettings([], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    );
    await expect(absent.check()).rejects.toThrow(
      /^No Docker engine answers at unix:\/\/\/nonexistent\/docker.sock .*apt-get install docker.io.*DOCKER_HOST/,
    );

    const topology = await testTopology('errors');
    const [postgres, redis] = testDataPlans(bed, topology);
    await expect(
      bed.orchestrator.up(topology, [{ ...postgres, image: 'meeshy-test/absent:1' }], { pull: false }),
    ).rejects.toThrow(
      'Image meeshy-test/absent:1 is not in the Docker engine: build it (npm run docker -- prod:build) or choose another with MEESHY_POSTGRES_IMAGE.',
    );

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(redis.port, '127.0.0.1', resolve));
    try {
      await expect(bed.orchestrator.up(topology, [redis], { pull: false })).rejects.toThrow(
        `Port ${redis.port} on 127.0.0.1 is already taken by another program, so ${redis.container} cannot use it`,
      );
    } finally {
      squatter.close();
    }
  }, 60_000);
});
