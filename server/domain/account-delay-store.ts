import { AccountLoginDelay, type AccountLoginDelayOptions } from './account-login-delay.ts';

/**
 * Where the account-wide brake on password guessing (AccountLoginDelay) keeps its state: in this process by
 * default, in Redis with REDIS_URL (server/redis/redis-account-delays.ts), so that guesses spread over
 * several replicas are spaced as if they all reached one.
 */
export interface AccountDelayStore {
  /** How long this attempt must wait before its password is checked; reserves the turn after it. */
  reserveTurn(account: string, now: number): Promise<number>;
  recordFailure(account: string, now: number): Promise<void>;
  recordSuccess(account: string): Promise<void>;
}

export type AccountDelayStoreFactory = (options: AccountLoginDelayOptions) => AccountDelayStore;

export const inMemoryAccountDelays: AccountDelayStoreFactory = (options) => {
  const delay = new AccountLoginDelay(options);
  return {
    reserveTurn: (account, now) => Promise.resolve(delay.reserveTurn(account, now)),
    recordFailure: (account, now) => {
      delay.recordFailure(account, now);
      return Promise.resolve();
    },
    recordSuccess: (account) => {
      delay.recordSuccess(account);
      return Promise.resolve();
    },
  };
};
