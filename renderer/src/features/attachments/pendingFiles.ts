import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';

/**
 * The files of messages still in the outbox, in IndexedDB (the outbox itself keeps only their names and
 * sizes in local storage, which holds no bytes). Kept under [clientMessageId, position] until the message is
 * acknowledged or discarded, so a file waiting to be sent survives a restart as its message does.
 */
export interface PendingFiles {
  put(clientMessageId: string, position: number, file: Blob): Promise<void>;
  get(clientMessageId: string, position: number): Promise<Blob | undefined>;
  /** Forgets every file of one message. */
  forget(clientMessageId: string): Promise<void>;
}

export function openPendingFiles(dbName = 'meeshy-pending-files'): PendingFiles {
  let store: UseStore | null = null;
  const files = () => (store ??= createStore(dbName, 'files'));
  return {
    put: (clientMessageId, position, file) => set([clientMessageId, position], file, files()),
    get: (clientMessageId, position) => get<Blob>([clientMessageId, position], files()),
    async forget(clientMessageId) {
      const all = await keys<[string, number]>(files());
      await Promise.all(all.filter(([id]) => id === clientMessageId).map((key) => del(key, files())));
    },
  };
}
