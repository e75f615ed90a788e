import { Redis } from 'ioredis';
import type { CachedTranslation, TranslationCache } from './translation-cache.ts';

/** Thirty days, as Meeshy's translator keeps translations (TRANSLATION_CACHE_TTL). */
export const DEFAULT_REDIS_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Translations shared through Redis (REDIS_URL), so that several translators, and restarts, reuse each other's
 * work. A Redis outage degrades to "no cache" for that request: a translation is never refused because the cache
 * is unreachable.
 */
export class RedisTranslationCache implements TranslationCache {
  private constructor(
    private readonly client: Redis,
    private readonly ttlSeconds: number,
  ) {}

  static async connect(url: string, ttlSeconds = DEFAULT_REDIS_TTL_SECONDS): Promise<RedisTranslationCache> {
    const client = new Redis(url, {
      lazyConnect: true,
      // A cache must answer now or not at all: while Redis is away, commands fail at once (a miss)
      // instead of waiting in ioredis's offline queue, and the client keeps reconnecting behind them.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (retries) => Math.min(retries * 100, 3000),
    });
    // Without a listener, a connection error would be thrown as an unhandled 'error' event.
    client.on('error', () => undefined);
    await client.connect();
    return new RedisTranslationCache(client, ttlSeconds);
  }

  async get(key: string): Promise<CachedTranslation | undefined> {
    try {
      const value = await this.client.get(key);
      return value === null ? undefined : (JSON.parse(value) as CachedTranslation);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: CachedTranslation): Promise<void> {
    try {
      await this.client.set(key, JSON.stringify(value), 'EX', this.ttlSeconds);
    } catch {
      // Best effort: the translation itself already succeeded.
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
