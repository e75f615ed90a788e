import type { SelfUser } from '../../../../contract/users.ts';
import { baseUrl, session } from '../../app/services.ts';
import { cacheOwner } from '../cache/cacheOwner.ts';
import { startCacheWriter, type CacheWriter } from '../cache/cacheWriter.ts';
import { applyCachedState, resyncCursor } from '../cache/hydrate.ts';
import { offlineCache } from '../cache/offlineCache.ts';
import { asSoleWriter } from '../cache/soleWriter.ts';
import type { SyncCursor } from './syncCursor.ts';

/**
 * What this device kept of the conversations shows at once, before any request is made (see
 * applyCachedState); the server's answers then replace it. A missing or failing cache just means none.
 * Returns the writer that keeps the cache up to date from then on, or null when `superseded()` says a stop
 * or a later start came while the cache was being read.
 */
export async function startFromCache(
  self: SelfUser,
  cursor: SyncCursor,
  superseded: () => boolean,
): Promise<CacheWriter | null> {
  const owner = cacheOwner(self.id, baseUrl);
  const cached = await offlineCache.load(owner);
  if (superseded()) return null;
  if (cached !== null && applyCachedState(cached))
    cursor.startFrom(resyncCursor(cursor.value, cached.list.cursor));
  return asSoleWriter(owner, (storesMatchCache) =>
    startCacheWriter(
      offlineCache,
      owner,
      {
        // A session already ended must not write, even before its engine is stopped.
        isCurrent: () => session.current()?.user.id === self.id,
        cursor: () => cursor.value,
      },
      { storesMatchCache },
    ),
  );
}
