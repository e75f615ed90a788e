import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inMemoryAccountDelays, type AccountDelayStore } from '../domain/account-delay-store.ts';
import { describeWithRedis, startTestRedis, type TestRedis } from '../../test-support/redis.ts';
import { redisAccountDelays } from './redis-account-delays.ts';

const OPTIONS = { freeFailures: 2, baseDelayMs: 100, maxDelayMs: 350, windowMs: 10_000 };

/** One account's story: failures, turns reserved, a success; each step's answer, in order. */
async function story(record: AccountDelayStore, reserve: AccountDelayStore, account: string) {
  const answers: number[] = [];
  const t0 = Date.now();
  for (let failure = 0; failure < 5; failure += 1) {
    answers.push(await reserve.reserveTurn(account, t0 + failure));
    await record.recordFailure(account, t0 + failure);
  }
  // Two attempts arriving together get successive turns, not the same one.
  answers.push(await reserve.reserveTurn(account, t0 + 10), await record.reserveTurn(account, t0 + 10));
  // Past the window after the last failure, the account is forgotten.
  answers.push(await reserve.reserveTurn(account, t0 + 4 + OPTIONS.windowMs + 1));
  await record.recordFailure(account, t0 + 20);
  await record.recordFailure(account, t0 + 21);
  await record.recordFailure(account, t0 + 22);
  await record.recordSuccess(account);
  answers.push(await reserve.reserveTurn(account, t0 + 23));
  return answers;
}

describeWithRedis('account login delays in Redis', () => {
  let redis: TestRedis;
  const clients: Redis[] = [];
  const replicaStore = () => {
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    clients.push(client);
    return redisAccountDelays(client)(OPTIONS);
  };
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis.stop();
  });

  it('space an account’s attempts exactly as one process does, across two replicas', async () => {
    const inMemory = inMemoryAccountDelays(OPTIONS);
    const expected = await story(inMemory, inMemory, 'user:ann');
    // Failures recorded through one replica, turns reserved through the other.
    const [a, b] = [replicaStore(), replicaStore()];
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The memory version forgets by the clock it is given; Redis by its own, so the window step differs.
    const windowStep = 7;
    const answers = await story(a, b, 'user:ann');
    expect(answers.filter((_, index) => index !== windowStep)).toEqual(
      expected.filter((_, index) => index !== windowStep),
    );
    // Spacing 100, 200, then 350 (capped), each turn after the one reserved before it.
    expect(expected).toEqual([0, 0, 99, 199, 398, 742, 1092, 0, 0]);
  });

  it('while Redis is away, each replica still spaces attempts from its own memory', async () => {
    const store = replicaStore();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.stop();
    try {
      const now = Date.now();
      for (let failure = 0; failure < 3; failure += 1) await store.recordFailure('user:bob', now);
      expect(await store.reserveTurn('user:bob', now)).toBe(200);
    } finally {
      await redis.start();
    }
  });
});
