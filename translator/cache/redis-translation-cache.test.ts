import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithProgram } from '../../test-support/needs-program.ts';
import { RedisTranslationCache } from './redis-translation-cache.ts';
import { translationCacheKey } from './translation-cache.ts';
import { freeLoopbackPort } from '../../stack/free-port.ts';
import { startProcess, type LaunchedProcess } from '../../stack/process-launcher.ts';

/** Needs the `redis-server` binary; it is started here on a free loopback port. */
const describeWithRedis = describeWithProgram('redis-server', 'sudo apt-get install redis-server');

describeWithRedis('RedisTranslationCache (real redis-server on loopback)', () => {
  let redis: LaunchedProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    url = `redis://127.0.0.1:${port}`;
    redis = await startProcess({
      name: 'redis-server',
      command: 'redis-server',
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      readyPattern: /Ready to accept connections/,
      readyTimeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await redis.stop();
  });

  it('shares translations between translator processes, with an expiry', async () => {
    const writer = await RedisTranslationCache.connect(url, 60);
    const reader = await RedisTranslationCache.connect(url, 60);
    const key = translationCacheKey({ text: 'hello', source: 'en', target: 'fr', model: 'm' });
    expect(await reader.get(key)).toBeUndefined();
    await writer.set(key, { text: 'bonjour', confidence: 0.9, model: 'm' });
    expect(await reader.get(key)).toEqual({ text: 'bonjour', confidence: 0.9, model: 'm' });
    await writer.close();
    await reader.close();
  });

  it('a lost Redis means no cache, not a failed translation', async () => {
    const cache = await RedisTranslationCache.connect(url, 60);
    await cache.close();
    const key = translationCacheKey({ text: 'x', source: 'en', target: 'fr', model: 'm' });
    await expect(cache.set(key, { text: 'y', confidence: 1, model: 'm' })).resolves.toBeUndefined();
    await expect(cache.get(key)).resolves.toBeUndefined();
  });
});
