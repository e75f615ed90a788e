import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, startTestRedis, type TestRedis } from '../../test-support/redis.ts';
import { RedisTranslationCache } from './redis-translation-cache.ts';
import { translationCacheKey } from './translation-cache.ts';

describeWithRedis('RedisTranslationCache (real redis-server on loopback)', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startTestRedis();
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('shares translations between translator processes, with an expiry', async () => {
    const writer = await RedisTranslationCache.connect(redis.url, 60);
    const reader = await RedisTranslationCache.connect(redis.url, 60);
    const key = translationCacheKey({ text: 'hello', source: 'en', target: 'fr', model: 'm' });
    expect(await reader.get(key)).toBeUndefined();
    await writer.set(key, { text: 'bonjour', confidence: 0.9, model: 'm' });
    expect(await reader.get(key)).toEqual({ text: 'bonjour', confidence: 0.9, model: 'm' });
    await writer.close();
    await reader.close();
  });

  it('a lost Redis means no cache, not a failed translation', async () => {
    const cache = await RedisTranslationCache.connect(redis.url, 60);
    await cache.close();
    const key = translationCacheKey({ text: 'x', source: 'en', target: 'fr', model: 'm' });
    await expect(cache.set(key, { text: 'y', confidence: 1, model: 'm' })).resolves.toBeUndefined();
    await expect(cache.get(key)).resolves.toBeUndefined();
  });
});
