import type { AppOptions } from '../server/app.ts';
import { sharedTestDatabase, type SharedTestDatabase } from './shared-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export interface Replicas {
  apps: TestApp[];
  database: SharedTestDatabase;
  close(): Promise<void>;
}

/** `count` server replicas listening on loopback, over one shared database and one Redis. */
export async function startReplicas(
  count: number,
  redisUrl: string,
  overrides: Partial<AppOptions> = {},
): Promise<Replicas> {
  const database = await sharedTestDatabase();
  const apps: TestApp[] = [];
  for (let index = 0; index < count; index += 1) {
    const app = await createTestApp({ repository: await database.openConnection(), redisUrl, ...overrides });
    await app.listen();
    apps.push(app);
  }
  await untilReplicasSeeEachOther(apps);
  return {
    apps,
    database,
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await database.remove();
    },
  };
}

/** Waits until every replica's adapter has heard from all the others (their heartbeats through Redis). */
async function untilReplicasSeeEachOther(apps: TestApp[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const counts = await Promise.all(apps.map((app) => app.io.of('/').adapter.serverCount()));
    if (counts.every((count) => count === apps.length)) break;
    if (Date.now() > deadline) throw new Error(`replicas do not see each other: ${counts.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The stream readers start right after the subscriptions: give their first read a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
}
