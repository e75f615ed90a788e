import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDockerEngine } from '../../test-support/docker-engine.ts';
import {
  startDockerTestBed,
  testDataPlans,
  testTopology,
  type DockerTestBed,
} from '../../test-support/docker-test-setup.ts';
import { migrateDatabase, resetDatabase } from '../database-tasks.ts';
import { healthReport } from '../health-report.ts';
import { POSTGRES_MIGRATIONS_FOLDER } from '../../server/db/postgres/migrate.ts';
import { createDatabaseOn, SHARED_POSTGRES_ENV, TEMPLATE_DATABASE } from '../../test-support/postgres.ts';
import { REPOSITORY_ROOT } from '../image-build.ts';
import { resolveDockerSettings } from './docker-settings.ts';
import { redisPlan } from './container-plans.ts';
import { Orchestrator } from './orchestrator.ts';

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

describeWithDockerEngine('Docker orchestration against a real engine', () => {
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

  it('waits for a slow first start (a model downloading) as long as its plan allows, saying what it logs', async () => {
    const topology = await testTopology('slow', ['redis']);
    const redis = redisPlan(topology, bed.settings);
    const plan = {
      ...redis,
      // Fails its checks for 12 s, longer than the engine's default allowance would let it.
      cmd: ['sh', '-c', `echo 'downloading the model: 40%'; sleep 12; exec ${(redis.cmd ?? []).join(' ')}`],
      readyWithinSeconds: 90,
    };
    const said: string[] = [];
    const orchestrator = new Orchestrator(bed.settings, (line) => said.push(line), bed.docker);
    try {
      await orchestrator.up(topology, [plan], { pull: false });
      const info = await bed.docker.getContainer(plan.container).inspect();
      expect(info.Config.Healthcheck?.StartPeriod).toBe(90 * 1e9);
      expect(said).toContain(`${plan.container}: still starting (downloading the model: 40%)`);
      expect(said.at(-1)).toBe(`${plan.container}: healthy on 127.0.0.1:${plan.port}`);
    } finally {
      await orchestrator.remove(topology, [plan], { volumes: true });
    }
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

  it('db:migrate applies the server’s Postgres migrations once, and db:reset empties the database', async () => {
    const topology = await testTopology('migrate');
    const plans = testDataPlans(bed, topology);
    await bed.orchestrator.up(topology, plans, { pull: false });
    const { DATABASE_URL } = bed.orchestrator.connectionDetails(topology);
    const journal = JSON.parse(
      fs.readFileSync(path.join(POSTGRES_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    try {
      expect(await migrateDatabase(DATABASE_URL)).toBe(journal.entries.length);
      expect(await migrateDatabase(DATABASE_URL)).toBe(journal.entries.length);
      expect(await query(DATABASE_URL, 'select count(*)::int as n from users')).toEqual([{ n: 0 }]);
      await resetDatabase(DATABASE_URL);
      await expect(query(DATABASE_URL, 'select 1 from users')).rejects.toThrow(
        'relation "users" does not exist',
      );
      expect(await migrateDatabase(DATABASE_URL)).toBe(journal.entries.length);
    } finally {
      await bed.orchestrator.remove(topology, plans, { volumes: true });
    }
  }, 180_000);

  it('the server’s repository contract suite passes on the orchestrated Postgres', async () => {
    const topology = await testTopology('contract');
    const plans = testDataPlans(bed, topology);
    await bed.orchestrator.up(topology, plans, { pull: false });
    const { DATABASE_URL } = bed.orchestrator.connectionDetails(topology);
    const adminUrl = DATABASE_URL.replace(/\/meeshy$/, '/postgres');
    try {
      // The suites copy a migrated template database per test; db:migrate migrates it.
      await migrateDatabase(await createDatabaseOn(adminUrl, TEMPLATE_DATABASE));
      const run = spawnSync(
        process.execPath,
        [
          path.join(REPOSITORY_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          'server/db/repository.contract.test.ts',
        ],
        {
          cwd: REPOSITORY_ROOT,
          encoding: 'utf8',
          env: { ...process.env, MEESHY_TEST_DATABASE: 'postgres', [SHARED_POSTGRES_ENV]: adminUrl },
          timeout: 240_000,
        },
      );
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/tests: [1-9]\d* passed, 0 failed/);
    } finally {
      await bed.orchestrator.remove(topology, plans, { volumes: true });
    }
  }, 300_000);

  it('npm run docker: dev:up, dev:status, health, dev:logs and dev:clean --yes on the development ports', () => {
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, '..', 'cli.ts'), ...args],
        {
          encoding: 'utf8',
          env: { ...process.env, ...bed.env },
          timeout: 170_000,
        },
      );
    const up = cli('dev:up', '--no-pull');
    expect(up.stderr).toBe('');
    expect(up.stdout).toContain('meeshy-postgres-dev: created, healthy');
    expect(up.stdout).toContain('meeshy-redis-dev: created, healthy');
    expect(up.stdout).toContain('DATABASE_URL=postgres://meeshy_user:meeshy_password@127.0.0.1:5433/meeshy');
    expect(up.stdout).toContain('REDIS_URL=redis://127.0.0.1:6380');
    const status = cli('dev:status');
    expect(status.stdout).toMatch(/^meeshy-postgres-dev +running +health=healthy +127\.0\.0\.1:5433/m);
    expect(status.stdout).toMatch(/^meeshy-redis-dev +running +health=healthy +127\.0\.0\.1:6380/m);
    const health = cli('health');
    expect(health.status).toBe(0);
    expect(health.stdout).toContain('meeshy-postgres-dev: healthy; engine health=healthy; select 1 = 1');
    expect(health.stdout).toContain('meeshy-redis-dev: healthy; engine health=healthy; PING → PONG');
    expect(health.stdout).toContain('meeshy-backend: not created');
    const logs = cli('dev:logs', '--tail', '50');
    expect(logs.status).toBe(0);
    expect(logs.stdout).toMatch(/^meeshy-redis-dev \| .*Ready to accept connections/m);
    const clean = cli('dev:clean', '--yes');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('volume meeshy_postgres_dev_data: removed');
    expect(cli('dev:status').stdout).toMatch(/^meeshy-postgres-dev +absent/m);
  }, 600_000);
});
