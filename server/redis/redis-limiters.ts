import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from '../domain/rate-limiter-store.ts';

/**
 * Budgets counted in Redis, shared by every replica. While Redis is away each replica falls back to a
 * budget of its own in memory (rate-limiter-flexible's insurance limiter): requests are still limited,
 * never refused for want of Redis.
 */
export function redisLimiters(client: Redis): RateLimiterFactory {
  return (options) =>
    new RateLimiterRedis({
      ...options,
      storeClient: client,
      keyPrefix: `meeshy:${options.keyPrefix}`,
      insuranceLimiter: new RateLimiterMemory(options),
    });
}
