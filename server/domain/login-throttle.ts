import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import { inMemoryLimiters, type RateLimiterFactory } from './rate-limiter-store.ts';

/**
 * Slows down password guessing: an attempt takes a point from the account's budget (N per window) and from
 * the address's (4×N) before the password is even checked, so that a burst of parallel guesses is cut off
 * at N like a sequential one. A successful sign-in gives the points back.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  /** `limiters`: where the budgets are counted (on Redis with REDIS_URL, so they hold across replicas). */
  constructor(
    attemptsPerWindow: number,
    windowSeconds: number,
    limiters: RateLimiterFactory = inMemoryLimiters,
  ) {
    this.perAccount = limiters({
      keyPrefix: 'login-account',
      points: attemptsPerWindow,
      duration: windowSeconds,
      blockDuration: windowSeconds,
    });
    this.perAddress = limiters({
      keyPrefix: 'login-address',
      points: attemptsPerWindow * 4,
      duration: windowSeconds,
      blockDuration: windowSeconds,
    });
  }

  /**
   * Takes one attempt from both budgets, or refuses with 429 when either is spent. `account` names the
   * account itself (its id when it exists), so switching between username and email gains nothing.
   */
  async takeAttempt(account: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.perAccount, account],
      [this.perAddress, address],
    ] as const) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), 'TOO_MANY_LOGIN_ATTEMPTS');
      }
    }
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    await this.perAccount.delete(account);
    await this.perAddress.reward(address, 1);
  }
}
