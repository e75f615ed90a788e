import {
  applicationPlans,
  dataPlans,
  monitoringPlans,
  postgresPlan,
  serverPlan,
  type ContainerPlan,
} from './orchestrator/container-plans.ts';
import { DEV_TOPOLOGY, PROD_TOPOLOGY, type Topology } from './orchestrator/topology.ts';
import type { Orchestrator } from './orchestrator/orchestrator.ts';
import { describeDatabaseUrl } from '../server/db/postgres/connection.ts';
import { migrateDatabase, resetDatabase, seedThroughApi } from './database-tasks.ts';
import { buildProjectImage, PROJECT_IMAGES } from './image-build.ts';
import { healthReport } from './health-report.ts';

/** What a verb gets: the orchestration, its options and a way to say what it did. */
export interface VerbContext {
  orchestrator: Orchestrator;
  options: { follow: boolean; tail: number; pull: boolean; signal?: AbortSignal };
  say: (line: string) => void;
  out: NodeJS.WritableStream;
}

export interface Verb {
  name: string;
  summary: string;
  /** Removes data or containers: asks for confirmation unless --yes. */
  destructive?: string;
  run(context: VerbContext): Promise<void>;
}

const dev = DEV_TOPOLOGY;
const prod = PROD_TOPOLOGY;
const prodPlans = (context: VerbContext) => [
  ...applicationPlans(prod, context.orchestrator.settings),
  ...monitoringPlans(prod, context.orchestrator.settings),
];
const devPlans = (context: VerbContext) => dataPlans(dev, context.orchestrator.settings);

async function up(context: VerbContext, topology: Topology, plans: ContainerPlan[]): Promise<void> {
  const outcomes = await context.orchestrator.up(topology, plans, { pull: context.options.pull });
  for (const [container, outcome] of outcomes) context.say(`${container}: ${outcome}, healthy`);
  const details = context.orchestrator.connectionDetails(topology);
  context.say(`DATABASE_URL=${details.DATABASE_URL}`);
  context.say(`REDIS_URL=${details.REDIS_URL}`);
}

async function down(context: VerbContext, topology: Topology, plans: ContainerPlan[]): Promise<void> {
  for (const line of await context.orchestrator.remove(topology, plans, { volumes: false }))
    context.say(line);
  context.say(`${topology.name} containers removed; their volumes (the data) stay.`);
}

async function status(context: VerbContext, plans: ContainerPlan[]): Promise<void> {
  for (const row of await context.orchestrator.status(plans)) {
    context.say(
      `${row.container.padEnd(24)} ${row.state.padEnd(10)} health=${row.health.padEnd(9)} 127.0.0.1:${row.port}  ${row.image}`,
    );
  }
}

function logs(context: VerbContext, plans: ContainerPlan[]): Promise<void> {
  return context.orchestrator.logs(plans, context.out, context.options);
}

async function databaseUrl(context: VerbContext): Promise<string> {
  // The database of whichever topology runs one: production first.
  for (const topology of [prod, dev]) {
    const [row] = await context.orchestrator.status([postgresPlan(topology, context.orchestrator.settings)]);
    if (row?.state === 'running') return context.orchestrator.connectionDetails(topology).DATABASE_URL;
  }
  throw new Error('No Postgres container of the topology is running: start one with dev:up or prod:up.');
}

/** up, down and logs of one topology: the same three verbs for development and production. */
function lifecycleVerbs(
  prefix: 'dev' | 'prod',
  topology: Topology,
  plans: (context: VerbContext) => ContainerPlan[],
  upSummary: string,
): Verb[] {
  const which = prefix === 'dev' ? 'development' : 'production';
  return [
    { name: `${prefix}:up`, summary: upSummary, run: (c) => up(c, topology, plans(c)) },
    {
      name: `${prefix}:down`,
      summary: `Stop and remove the ${which} containers (data kept)`,
      run: (c) => down(c, topology, plans(c)),
    },
    {
      name: `${prefix}:logs`,
      summary: `Show the ${which} containers’ logs (-f to follow, --tail N)`,
      run: (c) => logs(c, plans(c)),
    },
  ];
}

export const VERBS: Verb[] = [
  ...lifecycleVerbs(
    'dev',
    dev,
    devPlans,
    'Start the development Postgres (5433) and Redis (6380) and print their URLs',
  ),
  {
    name: 'dev:status',
    summary: 'State and health of the development containers',
    run: (c) => status(c, devPlans(c)),
  },
  {
    name: 'dev:clean',
    summary: 'Remove the development containers, their volumes and network',
    destructive: 'This deletes the development database and Redis data.',
    run: async (c) => {
      for (const line of await c.orchestrator.remove(dev, devPlans(c), { volumes: true })) c.say(line);
    },
  },
  {
    name: 'prod:build',
    summary: 'Build the server and translator images from docker/*.Dockerfile',
    run: async (c) => {
      await c.orchestrator.check();
      const settings = c.orchestrator.settings;
      for (const image of PROJECT_IMAGES) {
        const tag = settings[image.setting];
        c.say(`building ${tag} from ${image.dockerfile}`);
        await buildProjectImage(c.orchestrator.docker, {
          dockerfile: image.dockerfile,
          tag,
          buildArgs: { NODE_IMAGE: settings.nodeBaseImage },
          progress: c.say,
        });
        c.say(`built ${tag}`);
      }
    },
  },
  ...lifecycleVerbs(
    'prod',
    prod,
    prodPlans,
    'Start the production topology (ports 3000/3001/50051/5432/6379, Prometheus 9090, Grafana 3003)',
  ),
  {
    name: 'prod:restart',
    summary: 'Stop the production containers and start them again',
    run: async (c) => {
      for (const [container, outcome] of await c.orchestrator.stop(prodPlans(c)))
        c.say(`${container}: ${outcome}`);
      await up(c, prod, prodPlans(c));
    },
  },
  {
    name: 'db:migrate',
    summary: 'Apply the server’s Postgres migrations to the running topology’s database',
    run: async (c) => {
      const url = await databaseUrl(c);
      c.say(`${await migrateDatabase(url)} migrations applied in ${describeDatabaseUrl(url)}`);
    },
  },
  {
    name: 'db:seed',
    summary: 'Create demo users and a conversation through the running backend’s API',
    run: async (c) => {
      const running = (
        await c.orchestrator.status([serverPlan(prod, c.orchestrator.settings, 'backend')])
      )[0];
      const port = running?.state === 'running' ? running.port : (dev.services.backend?.port ?? 3002);
      for (const user of await seedThroughApi(`http://127.0.0.1:${port}`)) c.say(`seeded ${user}`);
    },
  },
  {
    name: 'db:reset',
    summary: 'Empty the running topology’s database and migrate it again',
    destructive: 'This deletes every user, conversation and message in the database.',
    run: async (c) => {
      const url = await databaseUrl(c);
      await resetDatabase(url);
      c.say(`emptied ${describeDatabaseUrl(url)}`);
      c.say(`${await migrateDatabase(url)} migrations applied`);
    },
  },
  {
    name: 'status',
    summary: 'State and health of every container of both topologies',
    run: async (c) => {
      await status(c, [...devPlans(c), ...prodPlans(c)]);
    },
  },
  {
    name: 'health',
    summary: 'Ask each running service itself: Postgres select 1, Redis PING, HTTP /health',
    run: async (c) => {
      const report = await healthReport(c.orchestrator, [...devPlans(c), ...prodPlans(c)]);
      for (const line of report.lines) c.say(line);
      if (!report.allHealthy) throw new Error('Some running services are not healthy (see above).');
    },
  },
  {
    name: 'clean:all',
    summary: 'Remove every container, volume and network of both topologies',
    destructive: 'This deletes the development and production data (database, Redis, models).',
    run: async (c) => {
      for (const line of await c.orchestrator.remove(dev, devPlans(c), { volumes: true })) c.say(line);
      for (const line of await c.orchestrator.remove(prod, prodPlans(c), { volumes: true })) c.say(line);
    },
  },
  {
    name: 'help',
    summary: 'This list',
    run: (c) => {
      c.say(helpText());
      return Promise.resolve();
    },
  },
];

export function helpText(): string {
  const width = Math.max(...VERBS.map((verb) => verb.name.length));
  return [
    'Usage: npm run docker -- <verb> [--yes] [-f|--follow] [--tail N] [--no-pull] [--network-mode topology|host]',
    '',
    ...VERBS.map(
      (verb) => `  ${verb.name.padEnd(width)}  ${verb.summary}${verb.destructive ? ' (asks first)' : ''}`,
    ),
    '',
    'Settings (environment): DOCKER_HOST, MEESHY_DOCKER_NETWORK_MODE, MEESHY_POSTGRES_IMAGE, MEESHY_REDIS_IMAGE,',
    'MEESHY_SERVER_IMAGE, MEESHY_TRANSLATOR_IMAGE, MEESHY_NODE_BASE_IMAGE, MEESHY_PROMETHEUS_IMAGE, MEESHY_GRAFANA_IMAGE,',
    'POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB.',
  ].join('\n');
}
