import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';

/**
 * Slows down password guessing: after N failed sign-ins for one account name, or 4×N from one address,
 * further attempts are refused for a while, whether or not the password would be right.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(failuresBeforeBlock: number, blockSeconds: number) {
    this.perAccount = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: failuresBeforeBlock,
      duration: blockSeconds,
      blockDuration: blockSeconds,
    });
    this.perAddress = new RateLimiterMemory({
      keyPrefix: 'login-address',
      points: failuresBeforeBlock * 4,
      duration: blockSeconds,
      blockDuration: blockSeconds,
    });
  }

  async assertAllowed(account: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.perAccount, account],
      [this.perAddress, address],
    ] as const) {
      const state = await limiter.get(key);
      if (state !== null && state.remainingPoints <= 0) {
        throw rateLimited(Math.max(1, Math.ceil(state.msBeforeNext / 1000)), 'TOO_MANY_LOGIN_ATTEMPTS');
      }
    }
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([
      this.perAccount.consume(account).catch(ignoreExhausted),
      this.perAddress.consume(address).catch(ignoreExhausted),
    ]);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}

/** Running out of points is the expected outcome of consume() once blocked, not an error. */
function ignoreExhausted(error: unknown): void {
  if (!(error instanceof RateLimiterRes)) throw error;
}
