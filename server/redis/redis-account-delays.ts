import type { Redis } from 'ioredis';
import { inMemoryAccountDelays, type AccountDelayStoreFactory } from '../domain/account-delay-store.ts';

// AccountLoginDelay's arithmetic (server/domain/account-login-delay.ts), run inside Redis so that reading
// and moving an account's next turn is one step for every replica. The key expires a window after the
// account's last failure, which is when the memory version forgets it too (HSET keeps the expiry).
// ARGV: now, freeFailures, baseDelayMs, maxDelayMs, windowMs.
const SPACING = `
local function spacing(failures)
  local free, base, max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  if failures < free then return 0 end
  return math.min(max, base * 2 ^ (failures - free))
end
local now = tonumber(ARGV[1])
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures'))
local nextSlot = tonumber(redis.call('HGET', KEYS[1], 'nextSlotAt')) or now
`;

const RESERVE_TURN = `${SPACING}
if not failures then return 0 end
local slot = math.max(now, nextSlot)
redis.call('HSET', KEYS[1], 'nextSlotAt', slot + spacing(failures))
return slot - now
`;

const RECORD_FAILURE = `${SPACING}
failures = (failures or 0) + 1
redis.call('HSET', KEYS[1], 'failures', failures, 'nextSlotAt', math.max(nextSlot, now + spacing(failures)))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return failures
`;

/**
 * Account delays counted in Redis, shared by every replica. While Redis is away each replica falls back to
 * delays of its own in memory, as its budgets do (rate-limiter-flexible's insurance limiter): sign-ins are
 * still slowed, never refused for want of Redis.
 */
export function redisAccountDelays(client: Redis): AccountDelayStoreFactory {
  return (options) => {
    const fallback = inMemoryAccountDelays(options);
    const key = (account: string) => `meeshy:login-account-delay:${account}`;
    const run = async (script: string, account: string, now: number) =>
      Number(
        await client.eval(
          script,
          1,
          key(account),
          now,
          options.freeFailures,
          options.baseDelayMs,
          options.maxDelayMs,
          options.windowMs,
        ),
      );
    return {
      reserveTurn: (account, now) =>
        run(RESERVE_TURN, account, now).catch(() => fallback.reserveTurn(account, now)),
      recordFailure: (account, now) =>
        run(RECORD_FAILURE, account, now).then(
          () => undefined,
          () => fallback.recordFailure(account, now),
        ),
      async recordSuccess(account) {
        await fallback.recordSuccess(account);
        await client.del(key(account)).catch(() => 0);
      },
    };
  };
}
