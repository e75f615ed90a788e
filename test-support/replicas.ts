import type { AppOptions } from '../server/app.ts';
import { describeWithPostgres } from './postgres.ts';
import { describeWithRedis } from './redis.ts';
import type { SharedTestDatabase } from './shared-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { waitUntil } from './wait-until.ts';

/** A suite of server replicas: needs both a Postgres and a Redis (each NOT RUN, with its install line, when missing). */
export function describeReplicas(name: string, body: () => void): void {
  describeWithRedis(name, () => {
    describeWithPostgres('on a throwaway Postgres and a throwaway Redis', body);
  });
}

export interface Replicas {
  apps: TestApp[];
  close(): Promise<void>;
}

/** `count` server replicas listening on loopback, over one shared database and one Redis. */
export async function startReplicas(
  count: number,
  database: SharedTestDatabase,
  redisUrl: string,
  overrides: Partial<AppOptions> = {},
): Promise<Replicas> {
  const apps: TestApp[] = [];
  for (let index = 0; index < count; index += 1) {
    const app = await createTestApp({ repository: await database.openConnection(), redisUrl, ...overrides });
    await app.listen();
    apps.push(app);
  }
  await untilReplicasSeeEachOther(apps);
  return {
    apps,
    async close() {
      await Promise.all(apps.map((app) => app.close()));
    },
  };
}

/** Waits until every replica's adapter has heard from all the others (their heartbeats through Redis). */
async function untilReplicasSeeEachOther(apps: TestApp[]): Promise<void> {
  let counts: number[] = [];
  await waitUntil(
    async () => {
      counts = await Promise.all(apps.map((app) => app.io.of('/').adapter.serverCount()));
      return counts.every((count) => count === apps.length);
    },
    { what: 'the replicas to see each other', timeoutMs: 10_000, lastSeen: () => counts.join(', ') },
  );
  // The stream readers start right after the subscriptions: give their first read a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
}
