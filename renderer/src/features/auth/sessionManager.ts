import type { AuthSession, SessionEndReason } from '../../../../contract/auth.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { ApiError } from '../../lib/api/apiError.ts';
import { readJson, writeJson, type KeyValueStore } from '../../lib/storage.ts';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token stops working. */
  expiresAt: number;
  user: SelfUser;
}

export interface SessionManagerOptions {
  store: KeyValueStore;
  storageKey: string;
  refresh: (refreshToken: string) => Promise<AuthSession>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /**
   * Serialises refreshes across tabs (Web Locks). Refresh tokens rotate and a reused one revokes the
   * whole session family, so two tabs must never spend the same token.
   */
  withLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Called before the session is dropped because the server revoked it: a refresh token that had been
   * used already (stolen, maybe). The server also says so over the socket, but this answer can come first.
   */
  onRevoked?: (reason: SessionEndReason) => void;
}

/** Refresh when this fraction of the token's lifetime has passed, and never later than a minute before. */
const REFRESH_AT_FRACTION = 0.8;
const MAX_MARGIN_MS = 60_000;
const RETRY_AFTER_NETWORK_ERROR_MS = 10_000;

export function toStored(session: AuthSession, now: number): StoredSession {
  return {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: now + session.expiresIn * 1000,
    user: session.user,
  };
}

/** When to refresh a token issued at `now` that expires at `expiresAt`. */
export function refreshDelay(expiresAt: number, now: number): number {
  const lifetime = Math.max(0, expiresAt - now);
  const margin = Math.min(MAX_MARGIN_MS, lifetime * (1 - REFRESH_AT_FRACTION));
  return Math.max(0, lifetime - margin);
}

type Listener = (session: StoredSession | null) => void;

export class SessionManager {
  private session: StoredSession | null;
  private inflight: Promise<StoredSession | null> | null = null;
  private timer: unknown = null;
  private readonly listeners = new Set<Listener>();
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly withLock: <T>(fn: () => Promise<T>) => Promise<T>;

  constructor(private readonly options: SessionManagerOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ??
      ((handle) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      });
    this.withLock = options.withLock ?? ((fn) => fn());
    this.session = readJson<StoredSession | null>(options.store, options.storageKey, null);
    this.schedule();
  }

  current(): StoredSession | null {
    return this.session;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adopt a session returned by sign-in, sign-up or refresh. */
  set(session: AuthSession): StoredSession {
    const stored = toStored(session, this.now());
    this.replace(stored);
    return stored;
  }

  updateUser(user: SelfUser): void {
    if (this.session !== null) this.replace({ ...this.session, user });
  }

  clear(): void {
    this.replace(null);
  }

  /** Another tab wrote the storage entry: follow it instead of refreshing ourselves. */
  reloadFromStore(): void {
    const stored = readJson<StoredSession | null>(this.options.store, this.options.storageKey, null);
    if (stored?.refreshToken === this.session?.refreshToken) return;
    this.session = stored;
    this.schedule();
    this.emit();
  }

  /** A usable access token: refreshed first when it is expired or about to be. */
  async accessToken(): Promise<string | null> {
    const session = this.session;
    if (session === null) return null;
    if (session.expiresAt - this.now() > 5_000) return session.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /** Single-flight: concurrent callers share one refresh, so one refresh token is spent once. */
  refresh(): Promise<StoredSession | null> {
    this.inflight ??= this.withLock(() => this.doRefresh()).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<StoredSession | null> {
    const before = this.session;
    if (before === null) return null;
    // Under the lock, another tab may already have rotated the token: use its result.
    const stored = readJson<StoredSession | null>(this.options.store, this.options.storageKey, null);
    if (
      stored !== null &&
      stored.refreshToken !== before.refreshToken &&
      stored.expiresAt > this.now() + 5_000
    ) {
      this.replace(stored);
      return stored;
    }
    try {
      return this.set(await this.options.refresh(before.refreshToken));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        // Invalid or reused refresh token: the session is over, the user must sign in again.
        if (error.code === 'REFRESH_TOKEN_REUSED') this.options.onRevoked?.('revoked');
        if (error.code === 'SESSION_EXPIRED') this.options.onRevoked?.('expired');
        this.clear();
        return null;
      }
      // Offline or server down: keep the session and try again soon.
      this.scheduleIn(RETRY_AFTER_NETWORK_ERROR_MS);
      return null;
    }
  }

  private replace(session: StoredSession | null): void {
    this.session = session;
    if (session === null) this.options.store.removeItem(this.options.storageKey);
    else writeJson(this.options.store, this.options.storageKey, session);
    this.schedule();
    this.emit();
  }

  private schedule(): void {
    if (this.session === null) {
      this.cancelTimer();
      return;
    }
    this.scheduleIn(refreshDelay(this.session.expiresAt, this.now()));
  }

  private scheduleIn(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.session);
  }
}
