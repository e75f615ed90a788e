import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import { inMemoryLimiters, type RateLimiterFactory } from './rate-limiter-store.ts';

/** A per-user budget of some action (sending, typing, syncing…) over a sliding window. */
export class UserRateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    name: string,
    points: number,
    windowSeconds: number,
    limiters: RateLimiterFactory = inMemoryLimiters,
  ) {
    this.limiter = limiters({ keyPrefix: name, points, duration: windowSeconds });
  }

  /** Takes one unit of the user's budget, or refuses with 429 RATE_LIMITED and a retry delay. */
  async consume(userId: string): Promise<void> {
    try {
      await this.limiter.consume(userId);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }

  /** Gives back a unit taken for an action that turned out to do nothing (a retry of a stored send). */
  async refund(userId: string): Promise<void> {
    await this.limiter.reward(userId, 1);
  }
}
