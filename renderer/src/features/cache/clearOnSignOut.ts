import type { SessionManager } from '../auth/sessionManager.ts';
import { cacheOwner } from './cacheOwner.ts';
import type { OfflineCache } from './offlineCache.ts';

/**
 * A user's conversations stay on the device only while they are signed in on it: when their session ends
 * here, whichever way (signing out, the server ending it, another account taking this window's session),
 * their cache is deleted. The outbox is not: resetUserState.ts explains why it waits for its owner.
 */
export function clearCacheOnSignOut(
  session: Pick<SessionManager, 'current' | 'subscribe'>,
  baseUrl: string,
  cache: Pick<OfflineCache, 'forget'>,
): () => void {
  let signedIn = session.current()?.user.id ?? null;
  return session.subscribe((current) => {
    const next = current?.user.id ?? null;
    if (signedIn !== null && next !== signedIn) void cache.forget(cacheOwner(signedIn, baseUrl));
    signedIn = next;
  });
}
