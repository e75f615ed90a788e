import { readJson, type KeyValueStore } from '../../lib/storage.ts';
import type { SessionManager, StoredSession } from '../auth/sessionManager.ts';
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

const SESSION_KEY_PREFIX = 'meeshy.session@';

/**
 * The cache owners signed in on this device: one per stored session (`meeshy.session@<server>`), for
 * every server this device has a session with.
 */
export function signedInOwners(
  store: KeyValueStore & { readonly length: number; key(index: number): string | null },
): Set<string> {
  const owners = new Set<string>();
  for (let index = 0; index < store.length; index += 1) {
    const key = store.key(index);
    if (key?.startsWith(SESSION_KEY_PREFIX) !== true) continue;
    const stored = readJson<StoredSession | null>(store, key, null);
    const userId = stored?.user.id;
    if (typeof userId === 'string') owners.add(cacheOwner(userId, key.slice(SESSION_KEY_PREFIX.length)));
  }
  return owners;
}
