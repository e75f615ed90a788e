import { openCacheDb, type CacheDb } from './cacheDb.ts';
import {
  readConversationRecord,
  readListRecord,
  type CachedState,
  type ConversationRecord,
  type ListRecord,
} from './records.ts';

/** A start waits this long at most for the cache: a stuck IndexedDB must not hold back the network. */
const LOAD_TIMEOUT_MS = 2000;

/**
 * The device's copy of a user's conversations, so a start without the server shows what was there.
 * It is only ever a convenience: every failure (no IndexedDB in private mode, quota, damaged records) is
 * swallowed and the app goes on as without a cache.
 */
export class OfflineCache {
  /** Writers of signed-in sessions, stopped before their owner's cache is deleted. */
  private readonly writers = new Map<string, Set<() => void>>();
  /** Set after a failed write: this page stops trying until reloaded (private mode, full quota). */
  private broken = false;

  constructor(
    private readonly db: CacheDb,
    private readonly loadTimeoutMs = LOAD_TIMEOUT_MS,
  ) {}

  async load(owner: string): Promise<CachedState | null> {
    try {
      const raw = await withTimeout(this.db.read(owner), this.loadTimeoutMs);
      const list = raw === null ? null : readListRecord(raw.list, owner);
      if (raw === null || list === null) return null;
      const conversations = raw.conversations.flatMap((value) => {
        const record = readConversationRecord(value, owner);
        return record === null ? [] : [record];
      });
      return { list, conversations };
    } catch {
      return null;
    }
  }

  async save(
    owner: string,
    list: ListRecord | null,
    conversations: readonly ConversationRecord[],
    keep: ReadonlySet<string> | null,
  ): Promise<void> {
    if (this.broken) return;
    try {
      await this.db.write(owner, list, conversations, keep);
    } catch {
      this.broken = true;
    }
  }

  /**
   * Deletes this owner's cache (sign-out). Their writers are stopped first, so that no write pending in
   * a session that is ending can put anything back; IndexedDB runs transactions on one store in the order
   * they were opened, so a write already on its way lands before the deletion.
   */
  async forget(owner: string): Promise<void> {
    for (const stop of this.writers.get(owner) ?? []) stop();
    this.writers.delete(owner);
    try {
      await this.db.forget(owner);
    } catch {
      // Nothing stored, or nowhere to store it.
    }
  }

  /**
   * Deletes the caches of everyone not signed in on this device any more. A deletion at sign-out can be
   * lost (the window closed first, the database was busy, the session ended while no window was open):
   * every start makes up for it.
   */
  async forgetAllBut(owners: ReadonlySet<string>): Promise<void> {
    try {
      await this.db.forgetAllBut(owners);
    } catch {
      // Nothing stored, or nowhere to store it.
    }
  }

  /** Registers a writer's stop; returns the unregistration, for the writer to call when it stops itself. */
  register(owner: string, stop: () => void): () => void {
    const set = this.writers.get(owner) ?? new Set();
    set.add(stop);
    this.writers.set(owner, set);
    return () => {
      set.delete(stop);
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      resolve(null);
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The app's cache; the database is opened on first use, so importing this opens nothing. */
export const offlineCache = new OfflineCache(openCacheDb());
