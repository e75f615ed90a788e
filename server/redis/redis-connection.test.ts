import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HealthReport } from '../ops/health.ts';
import { describeWithRedis, startTestRedis, type TestRedis } from '../../test-support/redis.ts';
import { sleep } from '../../test-support/temp-dir.ts';
import { createTestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describeWithRedis('a server whose Redis is not there at start', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
    await redis.stop();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('says so in one line (which, where, what to check), serves meanwhile, and uses Redis once it comes', async () => {
    const lines: { level: number; msg: string }[] = [];
    const t = await createTestApp({
      redisUrl: redis.url,
      logger: {
        level: 'info',
        stream: {
          write: (line: string) => {
            lines.push(JSON.parse(line) as { level: number; msg: string });
          },
        },
      },
    });
    try {
      await t.listen();
      // Several reconnection attempts go by: still one line.
      await sleep(1500);
      const warnings = lines.filter((line) => line.msg.includes('Redis'));
      expect(warnings.map((line) => line.msg)).toEqual([
        `Meeshy server cannot reach Redis at ${redis.url} (ECONNREFUSED): check that redis-server runs there and that REDIS_URL is right; retrying, meanwhile this server serves its own sockets alone`,
      ]);
      const health = async () =>
        (await t.app.inject({ method: 'GET', url: '/health' })).json<HealthReport>().components;
      expect(await health()).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
      // It serves: accounts, sign-ins and their budgets work without Redis.
      await registerUser(t.app);

      await redis.start();
      await expect.poll(async () => (await health()).redis?.status, { timeout: 10_000 }).toBe('up');
      expect(lines.map((line) => line.msg)).toContain(`Redis at ${redis.url} is reachable again`);
    } finally {
      await t.close();
    }
  });

  it('stops while Redis is still away without an unhandled rejection from what the adapter had queued', async () => {
    await redis.stop();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const t = await createTestApp({ redisUrl: redis.url });
      await t.listen();
      // The adapter's subscriber queues its SUBSCRIBE until Redis answers; closing now drops it.
      await t.close();
      await sleep(200);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
