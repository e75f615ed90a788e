export interface AccountLoginDelayOptions {
  /** Failures of an account (from any address) before its attempts start being spaced out. */
  freeFailures: number;
  /** The first spacing; it doubles with each further failure. */
  baseDelayMs: number;
  /** The spacing never grows past this. */
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

interface AccountState {
  failures: number;
  lastFailureAt: number;
  /** When the next attempt on this account may be checked. */
  nextSlotAt: number;
}

/** Accounts remembered at once; past this the oldest are forgotten, so unknown names cannot fill memory. */
const MAX_ACCOUNTS = 50_000;

/**
 * The account-wide brake on password guessing. Blocking an account after N failures lets anyone lock out
 * anyone (usernames are searchable); instead each attempt on an account waits for its turn, and turns are
 * spaced further apart with each failure. Guessing slows to one try per `maxDelayMs` whatever the number
 * of addresses, while the owner's right password still gets through after a short wait.
 */
export class AccountLoginDelay {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly options: AccountLoginDelayOptions) {}

  /** How long this attempt must wait before its password is checked; reserves the turn after it. */
  reserveTurn(account: string, now: number): number {
    const state = this.current(account, now);
    if (!state) return 0;
    const slot = Math.max(now, state.nextSlotAt);
    state.nextSlotAt = slot + this.spacing(state.failures);
    return slot - now;
  }

  recordFailure(account: string, now: number): void {
    const state = this.current(account, now) ?? { failures: 0, lastFailureAt: now, nextSlotAt: now };
    state.failures += 1;
    state.lastFailureAt = now;
    state.nextSlotAt = Math.max(state.nextSlotAt, now + this.spacing(state.failures));
    this.accounts.delete(account);
    this.accounts.set(account, state);
    if (this.accounts.size > MAX_ACCOUNTS) {
      const oldest = this.accounts.keys().next().value;
      if (oldest !== undefined) this.accounts.delete(oldest);
    }
  }

  recordSuccess(account: string): void {
    this.accounts.delete(account);
  }

  private current(account: string, now: number): AccountState | undefined {
    const state = this.accounts.get(account);
    if (state && now - state.lastFailureAt > this.options.windowMs) {
      this.accounts.delete(account);
      return undefined;
    }
    return state;
  }

  private spacing(failures: number): number {
    const { freeFailures, baseDelayMs, maxDelayMs } = this.options;
    if (failures < freeFailures) return 0;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - freeFailures));
  }
}
