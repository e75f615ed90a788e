import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { ConversationRecord, ListRecord } from './records.ts';

/**
 * The offline cache's IndexedDB, through idb-keyval's custom store. Keys are arrays that start with the
 * owner (`${userId}@${baseUrl}`): [owner, 'list'] and [owner, 'conv', conversationId], so one key range
 * holds everything of one user on one server, read or deleted at once.
 *
 * Values are what was written, unchecked: records.ts checks them. Every method rejects when IndexedDB is
 * missing or refuses (private mode, quota, a blocked upgrade); the caller treats that as "no cache".
 */
export interface CacheDb {
  read(owner: string): Promise<{ list: unknown; conversations: unknown[] }>;
  /**
   * One transaction: the list (when given), the conversation records, and the deletion of the stored
   * conversations not in `keep` (when given): a conversation that left the list leaves the device with it.
   */
  write(
    owner: string,
    list: ListRecord | null,
    conversations: readonly ConversationRecord[],
    keep: ReadonlySet<string> | null,
  ): Promise<void>;
  /** Deletes everything stored for this owner. */
  forget(owner: string): Promise<void>;
  /** Deletes everything stored for owners not in `owners`. */
  forgetAllBut(owners: ReadonlySet<string>): Promise<void>;
}

export const DB_NAME = 'meeshy-offline-cache';
const STORE_NAME = 'records';

const listKey = (owner: string) => [owner, 'list'];
const conversationKey = (owner: string, id: string) => [owner, 'conv', id];
// In IndexedDB's key order every array sorts after every string, so [x, []] closes the [x, ...] range.
const ownerRange = (owner: string) => IDBKeyRange.bound([owner], [owner, []]);
const conversationRange = (owner: string) => IDBKeyRange.bound([owner, 'conv'], [owner, 'conv', []]);

export function openCacheDb(dbName = DB_NAME): CacheDb {
  let useStore: UseStore | null = null;
  // Opened on first use, inside a promise: a missing indexedDB global becomes a rejection, not a throw.
  const run = async <T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => Promise<T>): Promise<T> => {
    useStore ??= createStore(dbName, STORE_NAME);
    return useStore(mode, fn);
  };

  return {
    read: (owner) =>
      run('readonly', async (store) => {
        const [list, conversations] = await Promise.all([
          promisifyRequest(store.get(listKey(owner)) as IDBRequest<unknown>),
          promisifyRequest(store.getAll(conversationRange(owner)) as IDBRequest<unknown[]>),
        ]);
        return { list, conversations };
      }),
    write: (owner, list, conversations, keep) =>
      run('readwrite', async (store) => {
        try {
          if (list !== null) store.put(list, listKey(owner));
          for (const record of conversations)
            store.put(record, conversationKey(owner, record.conversationId));
        } catch (error) {
          // A put that throws (a value that cannot be cloned) must not leave the others committed: a list
          // whose cursor speaks for conversation records that were not written would skip their changes.
          store.transaction.abort();
          throw error;
        }
        if (keep !== null) {
          // Requests issued from a request's own callback stay inside this transaction.
          const stored = store.getAllKeys(conversationRange(owner));
          stored.onsuccess = () => {
            for (const key of stored.result) {
              const id = Array.isArray(key) ? key[2] : undefined;
              if (typeof id !== 'string' || !keep.has(id)) store.delete(key);
            }
          };
        }
        await promisifyRequest(store.transaction);
      }),
    forget: (owner) =>
      run('readwrite', async (store) => {
        store.delete(ownerRange(owner));
        await promisifyRequest(store.transaction);
      }),
    forgetAllBut: (owners) =>
      run('readwrite', async (store) => {
        const keys = store.getAllKeys();
        keys.onsuccess = () => {
          for (const key of keys.result) {
            const owner = Array.isArray(key) ? key[0] : undefined;
            if (typeof owner !== 'string' || !owners.has(owner)) store.delete(key);
          }
        };
        await promisifyRequest(store.transaction);
      }),
  };
}
