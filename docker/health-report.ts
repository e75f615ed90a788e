import { Redis } from 'ioredis';
import { databaseUrlFor, type ContainerPlan } from './orchestrator/container-plans.ts';
import type { Orchestrator } from './orchestrator/orchestrator.ts';
import { selectOne } from './database-tasks.ts';

const PROBE_TIMEOUT_MS = 3000;

async function pingRedis(port: number): Promise<string> {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: PROBE_TIMEOUT_MS,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function httpOk(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return `HTTP ${response.status}`;
}

/** Asks the service itself, not only the engine: a container can run while its service does not answer. */
async function probe(orchestrator: Orchestrator, plan: ContainerPlan): Promise<string | undefined> {
  switch (plan.role) {
    case 'postgres':
      return `select 1 = ${await selectOne(databaseUrlFor(orchestrator.settings, `127.0.0.1:${plan.port}`))}`;
    case 'redis':
      return `PING → ${await pingRedis(plan.port)}`;
    case 'backend':
    case 'frontend':
      return httpOk(`http://127.0.0.1:${plan.port}/health`);
    case 'prometheus':
      return httpOk(`http://127.0.0.1:${plan.port}/-/healthy`);
    case 'grafana':
      return httpOk(`http://127.0.0.1:${plan.port}/api/health`);
    default:
      // The translator speaks gRPC only; its image's health check asks it the gRPC health service.
      return undefined;
  }
}

export interface HealthReport {
  lines: string[];
  allHealthy: boolean;
}

export async function healthReport(
  orchestrator: Orchestrator,
  plans: ContainerPlan[],
): Promise<HealthReport> {
  const lines: string[] = [];
  let allHealthy = true;
  const rows = await orchestrator.status(plans);
  for (const [index, plan] of plans.entries()) {
    const row = rows[index];
    if (!row) continue;
    if (row.state !== 'running') {
      // Stopped or never created is a state, not a failure; paused, restarting or dead is a failure.
      const failing = !['absent', 'created', 'exited'].includes(row.state);
      allHealthy &&= !failing;
      lines.push(
        `${row.container}: ${row.state === 'absent' ? 'not created' : failing ? `UNHEALTHY; ${row.state}` : row.state}`,
      );
      continue;
    }
    let answer: string | undefined;
    let failure: string | undefined;
    try {
      answer = await probe(orchestrator, plan);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const healthy = failure === undefined && (row.health === 'healthy' || row.health === 'none');
    allHealthy &&= healthy;
    const said = failure ? `does not answer (${failure})` : (answer ?? 'no direct probe');
    lines.push(
      `${row.container}: ${healthy ? 'healthy' : 'UNHEALTHY'}; engine health=${row.health}; ${said}`,
    );
  }
  return { lines, allHealthy };
}
