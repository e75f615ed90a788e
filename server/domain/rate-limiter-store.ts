import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

/**
 * Where a budget is counted. In memory by default (one server); on Redis with REDIS_URL, so that a budget
 * holds across every replica (see server/redis/redis-limiters.ts).
 */
export type RateLimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

export const inMemoryLimiters: RateLimiterFactory = (options) => new RateLimiterMemory(options);
