import { describe, expect, it, vi } from 'vitest';
import type { SelfUser } from '../../../../contract/users.ts';
import type { StoredSession } from '../auth/sessionManager.ts';
import { clearCacheOnSignOut } from './clearOnSignOut.ts';

function fakeSession(initial: string | null) {
  const listeners = new Set<(s: StoredSession | null) => void>();
  const as = (id: string | null) =>
    id === null ? null : ({ user: { id } as SelfUser } as unknown as StoredSession);
  let current = as(initial);
  return {
    current: () => current,
    subscribe: (listener: (s: StoredSession | null) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    become: (id: string | null) => {
      current = as(id);
      for (const l of listeners) l(current);
    },
  };
}

describe('the cache leaves with its user', () => {
  it('is deleted when the session ends or another user takes it, not on a refresh', () => {
    const session = fakeSession('alice');
    const forget = vi.fn(() => Promise.resolve());
    clearCacheOnSignOut(session, 'http://server.test', { forget });
    session.become('alice'); // a refreshed token, same user
    expect(forget).not.toHaveBeenCalled();
    session.become(null);
    expect(forget).toHaveBeenCalledWith('alice@http://server.test');
    session.become('bruno');
    session.become('carla');
    expect(forget).toHaveBeenLastCalledWith('bruno@http://server.test');
    expect(forget).toHaveBeenCalledTimes(2);
  });
});
