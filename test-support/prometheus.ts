import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { monitoringPlans, type ContainerPlan } from '../docker/orchestrator/container-plans.ts';
import type { Orchestrator } from '../docker/orchestrator/orchestrator.ts';
import type { Topology } from '../docker/orchestrator/topology.ts';
import { makeTempDir } from './temp-dir.ts';
import { waitUntil } from './wait-until.ts';

const SHIPPED_HOST_CONFIG = path.join(
  import.meta.dirname,
  '..',
  'docker',
  'monitoring',
  'prometheus',
  'prometheus.host.yml',
);

interface ScrapeConfig {
  global?: Record<string, unknown>;
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

/** The answer Prometheus' HTTP API wraps every result in. */
interface ApiAnswer<T> {
  status: string;
  data: T;
}

export interface RunningPrometheus {
  plan: ContainerPlan;
  /** Each scrape job's health once every target has been scraped (a WaitTimeout after a minute). */
  targetHealth(): Promise<Record<string, string>>;
  /** The value of an instant query once it has one (a WaitTimeout after a minute without). */
  query(expression: string): Promise<number>;
  /** How many series an instant query returns now; rejects with Prometheus' own error when it cannot run it. */
  seriesNow(expression: string): Promise<number>;
  dispose(): void;
}

/**
 * Runs the topology's Prometheus plan with the shipped host-networking configuration, changed only where a
 * test must: its targets are the test's free ports instead of the fixed ones, and it scrapes every second.
 */
export async function scrapedBy(orchestrator: Orchestrator, topology: Topology): Promise<RunningPrometheus> {
  const server = topology.services.backend;
  const translator = topology.services.translator;
  const prometheus = topology.services.prometheus;
  if (server === undefined || translator?.metricsPort === undefined || prometheus === undefined)
    throw new Error('the topology needs the backend, the translator (with its metrics port) and prometheus');
  const config = parse(fs.readFileSync(SHIPPED_HOST_CONFIG, 'utf8')) as ScrapeConfig;
  const targets: Record<string, string> = {
    'meeshy-server': `127.0.0.1:${server.port}`,
    'meeshy-translator': `127.0.0.1:${translator.metricsPort}`,
  };
  for (const job of config.scrape_configs) {
    const target = targets[job.job_name];
    if (target === undefined) throw new Error(`the shipped configuration has an unknown job ${job.job_name}`);
    job.static_configs = [{ targets: [target] }];
  }
  config.global = { ...config.global, scrape_interval: '1s' };
  const folder = makeTempDir('meeshy-prometheus-');
  fs.writeFileSync(path.join(folder, 'prometheus.host.yml'), stringify(config));
  const [shipped] = monitoringPlans(topology, orchestrator.settings);
  if (shipped?.role !== 'prometheus') throw new Error('the monitoring plans no longer start with Prometheus');
  const plan: ContainerPlan = { ...shipped, binds: [`${folder}:/etc/prometheus:ro`] };
  try {
    await orchestrator.up(topology, [plan], { pull: false });
  } catch (error) {
    await orchestrator.remove(topology, [plan], { volumes: true });
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  const api = async <T>(route: string): Promise<T> => {
    const answer = (await (
      await fetch(`http://127.0.0.1:${prometheus.port}${route}`)
    ).json()) as ApiAnswer<T>;
    if (answer.status !== 'success') throw new Error(`Prometheus answered ${JSON.stringify(answer)}`);
    return answer.data;
  };
  type Vector = { result: { value: [number, string] }[] };
  const instantQuery = (expression: string) =>
    api<Vector>(`/api/v1/query?query=${encodeURIComponent(expression)}`);
  const untilMinute = <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    let last: T | undefined;
    return waitUntil(
      async () => {
        last = await read();
        return done(last) ? last : undefined;
      },
      { what, timeoutMs: 60_000, intervalMs: 500, lastSeen: () => JSON.stringify(last) },
    );
  };
  return {
    plan,
    targetHealth: async () => {
      type Targets = { activeTargets: { scrapePool: string; health: string }[] };
      const read = () => api<Targets>('/api/v1/targets');
      // Prometheus lists a target only once its discovery has run, and says 'unknown' until the first scrape.
      const seen = await untilMinute(
        'Prometheus to have scraped each target',
        read,
        (data) =>
          data.activeTargets.length === Object.keys(targets).length &&
          data.activeTargets.every((target) => target.health !== 'unknown'),
      );
      return Object.fromEntries(seen.activeTargets.map((target) => [target.scrapePool, target.health]));
    },
    query: async (expression) => {
      const answer = await untilMinute(
        `Prometheus to answer ${expression}`,
        () => instantQuery(expression),
        (data) => data.result.length > 0,
      );
      return Number(answer.result[0]?.value[1] ?? Number.NaN);
    },
    seriesNow: async (expression) => (await instantQuery(expression)).result.length,
    dispose: () => {
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
