import type { CacheWriter } from './cacheWriter.ts';

/**
 * Only one window writes a user's cache at a time. Each window knows only what it loaded, and a cache
 * pieced together by two (one's list and cursor over the other's older conversation records) could
 * promise changes it does not hold, which the resync would then never replay. The other windows wait
 * their turn; one that takes over writes all it has at its first write, since it cannot know what the
 * previous writer left (`start(false)`). Without the Web Locks API there is no second window to fear.
 */
export function asSoleWriter(owner: string, start: (storesMatchCache: boolean) => CacheWriter): CacheWriter {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return start(true);
  const name = `meeshy.cache-writer@${owner}`;
  let writer: CacheWriter | null = null;
  let stopped = false;
  let release: (value: undefined) => void = () => undefined;
  const held = new Promise<undefined>((resolve) => {
    release = resolve;
  });
  const holdWhileWriting = (storesMatchCache: boolean) => async () => {
    if (stopped) return;
    writer = start(storesMatchCache);
    await held;
  };
  void locks
    .request(name, { ifAvailable: true }, async (lock) => {
      // Free now: the stores were just filled from the cache this window read, so they match it.
      if (lock !== null) return holdWhileWriting(true)();
      // Another window writes: wait for it to go.
      void locks.request(name, holdWhileWriting(false)).catch(() => undefined);
    })
    .catch(() => undefined);
  return {
    stop: () => {
      stopped = true;
      writer?.stop();
      release(undefined);
    },
    flush: () => writer?.flush() ?? Promise.resolve(),
  };
}
