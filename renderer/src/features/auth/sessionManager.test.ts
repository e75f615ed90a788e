import { describe, expect, it, vi } from 'vitest';
import type { AuthSession } from '../../../../contract/auth.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { ApiError } from '../../lib/api/apiError.ts';
import { memoryStore, writeJson } from '../../lib/storage.ts';
import {
  refreshDelay,
  SessionManager,
  type SessionManagerOptions,
  type StoredSession,
} from './sessionManager.ts';

const user = { id: 'u1', username: 'ana', displayName: 'Ana' } as SelfUser;
const KEY = 'meeshy.session@test';

function authSession(n: number, expiresIn = 900): AuthSession {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}-xxxxxxxxxxxxxxxx`, expiresIn, user };
}

/** A manager on a fake clock whose timers are run by hand. */
function setup(refresh: (token: string) => Promise<AuthSession>, extra: Partial<SessionManagerOptions> = {}) {
  let now = 1_000_000;
  const timers: { at: number; fn: () => void }[] = [];
  const store = memoryStore();
  const manager = new SessionManager({
    store,
    storageKey: KEY,
    refresh,
    now: () => now,
    setTimer: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      const i = timers.indexOf(handle as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    ...extra,
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { manager, store, advance, now: () => now };
}

describe('refreshDelay', () => {
  it('refreshes at 80% of a short lifetime and a minute early for long ones', () => {
    expect(refreshDelay(30_000, 0)).toBe(24_000);
    expect(refreshDelay(900_000, 0)).toBe(840_000);
    expect(refreshDelay(-5, 0)).toBe(0);
  });
});

describe('SessionManager', () => {
  it('keeps the session in storage and refreshes it before expiry with the rotated token', async () => {
    const refresh = vi.fn((token: string) =>
      Promise.resolve(authSession(token.startsWith('refresh-1') ? 2 : 3)),
    );
    const { manager, store, advance } = setup(refresh);
    manager.set(authSession(1));
    expect(JSON.parse(store.getItem(KEY) ?? '')).toMatchObject({ refreshToken: authSession(1).refreshToken });

    advance(839_000);
    expect(refresh).not.toHaveBeenCalled();
    advance(1_000);
    await vi.waitFor(() => {
      expect(manager.current()?.accessToken).toBe('access-2');
    });
    expect(refresh).toHaveBeenCalledWith(authSession(1).refreshToken);

    // The next refresh spends the new token, never the old one (reuse would revoke the family).
    advance(840_000);
    await vi.waitFor(() => {
      expect(manager.current()?.accessToken).toBe('access-3');
    });
    expect(refresh).toHaveBeenLastCalledWith(authSession(2).refreshToken);
  });

  it('shares one refresh between concurrent callers', async () => {
    let resolve: (s: AuthSession) => void = () => undefined;
    const refresh = vi.fn(() => new Promise<AuthSession>((r) => (resolve = r)));
    const { manager, advance } = setup(refresh);
    manager.set(authSession(1, 30));
    advance(29_000); // inside the 5-second margin: callers must refresh first
    const tokens = Promise.all([manager.accessToken(), manager.accessToken(), manager.refresh()]);
    resolve(authSession(2));
    const [a, b, c] = await tokens;
    expect(refresh).toHaveBeenCalledTimes(1);
    expect([a, b, c?.accessToken]).toEqual(['access-2', 'access-2', 'access-2']);
  });

  it('signs out when the server rejects the refresh token, saying so when it was revoked', async () => {
    const refresh = vi.fn(() => Promise.reject(new ApiError(401, 'REFRESH_TOKEN_REUSED', 'reused')));
    const onRevoked = vi.fn();
    const { manager, store } = setup(refresh, { onRevoked });
    const seen: (StoredSession | null)[] = [];
    manager.subscribe((s) => seen.push(s));
    manager.set(authSession(1));
    expect(await manager.refresh()).toBeNull();
    expect(manager.current()).toBeNull();
    expect(store.getItem(KEY)).toBeNull();
    expect(seen.at(-1)).toBeNull();
    expect(onRevoked).toHaveBeenCalledExactlyOnceWith('revoked');
  });

  it('a sign-in past its maximum age signs out saying it expired', async () => {
    const refresh = vi.fn(() => Promise.reject(new ApiError(401, 'SESSION_EXPIRED', 'too old')));
    const onRevoked = vi.fn();
    const { manager } = setup(refresh, { onRevoked });
    manager.set(authSession(1));
    expect(await manager.refresh()).toBeNull();
    expect(manager.current()).toBeNull();
    expect(onRevoked).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('a refresh token that merely expired signs out without calling it a revocation', async () => {
    const refresh = vi.fn(() => Promise.reject(new ApiError(401, 'REFRESH_TOKEN_INVALID', 'invalid')));
    const onRevoked = vi.fn();
    const { manager } = setup(refresh, { onRevoked });
    manager.set(authSession(1));
    expect(await manager.refresh()).toBeNull();
    expect(manager.current()).toBeNull();
    expect(onRevoked).not.toHaveBeenCalled();
  });

  it('keeps the session through network failures and tries again', async () => {
    const refresh = vi
      .fn<(token: string) => Promise<AuthSession>>()
      .mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline'))
      .mockResolvedValueOnce(authSession(2));
    const { manager, advance } = setup(refresh);
    manager.set(authSession(1));
    expect(await manager.refresh()).toBeNull();
    expect(manager.current()?.accessToken).toBe('access-1');
    advance(10_000);
    await vi.waitFor(() => {
      expect(manager.current()?.accessToken).toBe('access-2');
    });
  });

  it("adopts another tab's rotation instead of spending the same token again", async () => {
    const refresh = vi.fn(() => Promise.resolve(authSession(9)));
    const { manager, store, now } = setup(refresh);
    manager.set(authSession(1));
    // Another tab refreshed meanwhile and wrote the new session.
    writeJson(store, KEY, { ...authSession(2), expiresAt: now() + 900_000 });
    const result = await manager.refresh();
    expect(refresh).not.toHaveBeenCalled();
    expect(result?.accessToken).toBe('access-2');
  });

  it('starts from the stored session after a restart', () => {
    const store = memoryStore();
    writeJson(store, KEY, { ...authSession(4), expiresAt: Date.now() + 60_000 });
    const manager = new SessionManager({
      store,
      storageKey: KEY,
      refresh: () => Promise.resolve(authSession(5)),
    });
    expect(manager.current()?.accessToken).toBe('access-4');
    manager.clear();
  });
});
