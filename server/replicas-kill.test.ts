import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { retryBurst, sendBurstUntilKilled } from '../test-support/burst.ts';
import { allMessages } from '../test-support/history.ts';
import { startTestRedis, type TestRedis } from '../test-support/redis.ts';
import { describeReplicas } from '../test-support/replicas.ts';
import { type ServerProcess, startServerProcess } from '../test-support/server-process.ts';
import { type SharedTestDatabase, useSharedTestDatabase } from '../test-support/shared-database.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { OpenSockets } from '../test-support/sockets.ts';
import { registerOverHttp, signInOverHttp } from '../test-support/users.ts';

describeReplicas('replica processes on one database and one Redis', () => {
  const sharedDatabase = useSharedTestDatabase();
  let redis: TestRedis;
  let database: SharedTestDatabase;
  const sockets = new OpenSockets();
  const processes: ServerProcess[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    database = await sharedDatabase();
  });
  afterAll(async () => {
    sockets.closeAll();
    await Promise.all(processes.map((server) => server.stop()));
    await redis.stop();
    for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const startReplica = async () => {
    // A data folder each (its lock is one server's), one database and one Redis for both.
    const dataDir = makeTempDir('meeshy-replica-');
    dataDirs.push(dataDir);
    const server = await startServerProcess(dataDir, [], {
      ...database.serverEnv,
      REDIS_URL: redis.url,
      MEESHY_JWT_SECRET: 'replicas-share-this-secret-0123456789-abcdefghij',
    });
    processes.push(server);
    return server;
  };

  it('SIGKILL of replica A mid-burst loses no acknowledged message, and a retry through B stores nothing twice', async () => {
    const [a, b] = [await startReplica(), await startReplica()];
    const session = await registerOverHttp(a.url, 'burst');
    const socket = await sockets.connect(a.url, session.accessToken);

    const total = 300;
    const clientIds = Array.from({ length: total }, () => randomUUID());
    const acked = await sendBurstUntilKilled(socket, clientIds, 40, () => {
      a.kill('SIGKILL');
    });
    await a.exited;
    expect(acked.size).toBeGreaterThanOrEqual(40);
    expect(acked.size).toBeLessThan(total);

    // The client moves to B (a new access token: B shares A's signing secret, the sign-in is in the database).
    const relogin = await signInOverHttp(b.url, 'burst');
    const onB = await sockets.connect(b.url, relogin.accessToken);
    await retryBurst(onB, clientIds, acked);
    const stored = (await allMessages(b.url, relogin.accessToken, 'global')).filter((message) =>
      message.content.startsWith('burst '),
    );
    expect(stored).toHaveLength(total);
    expect(new Set(stored.map((message) => message.clientMessageId)).size).toBe(total);
  }, 120_000);
});
