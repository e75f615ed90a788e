import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import {
  inMemoryAccountDelays,
  type AccountDelayStore,
  type AccountDelayStoreFactory,
} from './account-delay-store.ts';
import { inMemoryLimiters, type RateLimiterFactory } from './rate-limiter-store.ts';

export interface LoginThrottleOptions {
  /** Attempts on one account from one address per window, before that pair is refused. */
  attemptsPerWindow: number;
  windowSeconds: number;
  /** First spacing between attempts on an account that kept failing, doubled per failure. */
  accountDelayBaseMs: number;
  accountDelayMaxMs: number;
  /** Where the budgets and the account delays are kept: in Redis with REDIS_URL, so they hold across replicas. */
  limiters?: RateLimiterFactory;
  accountDelays?: AccountDelayStoreFactory;
}

/** Longest an attempt may wait for its turn on an account before it is refused instead. */
const MAX_TURN_WAIT_MS = 15_000;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Slows down password guessing without letting anyone lock an account out:
 * - per (account, address): N attempts per window, then 429: the guesser's own address is stopped;
 * - per address: 4×N per window over every account, then 429: one address cannot sweep many accounts;
 * - per account, from any address: no block, but attempts are spaced further apart with each failure
 *   (see AccountLoginDelay), so the owner signing in from elsewhere still gets in.
 * Points are taken before the password is checked, so a burst of parallel guesses is cut off at N like a
 * sequential one. A successful sign-in gives them back.
 */
export class LoginThrottle {
  private readonly perAccountAndAddress: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;
  private readonly accountDelay: AccountDelayStore;

  constructor(options: LoginThrottleOptions) {
    const {
      attemptsPerWindow,
      windowSeconds,
      limiters = inMemoryLimiters,
      accountDelays = inMemoryAccountDelays,
    } = options;
    this.perAccountAndAddress = limiters({
      keyPrefix: 'login-account-address',
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
    this.accountDelay = accountDelays({
      freeFailures: attemptsPerWindow,
      baseDelayMs: options.accountDelayBaseMs,
      maxDelayMs: options.accountDelayMaxMs,
      windowMs: windowSeconds * 1000,
    });
  }

  /**
   * Takes one attempt from the address budgets (429 when one is spent), then waits for the account's
   * turn. `account` names the account itself (its id when it exists), so switching between username and
   * email gains nothing.
   */
  async takeAttempt(account: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.perAccountAndAddress, `${account}|${address}`],
      [this.perAddress, address],
    ] as const) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw rateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), 'TOO_MANY_LOGIN_ATTEMPTS');
      }
    }
    const wait = await this.accountDelay.reserveTurn(account, Date.now());
    if (wait > MAX_TURN_WAIT_MS) {
      throw rateLimited(Math.ceil(wait / 1000), 'TOO_MANY_LOGIN_ATTEMPTS');
    }
    if (wait > 0) await sleep(wait);
  }

  async recordFailure(account: string): Promise<void> {
    await this.accountDelay.recordFailure(account, Date.now());
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    await this.accountDelay.recordSuccess(account);
    await this.perAccountAndAddress.delete(`${account}|${address}`);
    await this.perAddress.reward(address, 1);
  }
}
