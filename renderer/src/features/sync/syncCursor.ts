import { baseUrl, store } from '../../app/services.ts';

/**
 * How far this device has caught up with the server's change feed, kept per user and server. Only sync
 * pages and the first start move it (see resync.ts and loaders.ts), never live events.
 */
export class SyncCursor {
  private readonly key: string;
  private current: number;

  constructor(userId: string) {
    this.key = `meeshy.cursor.${userId}@${baseUrl}`;
    this.current = Number(store.getItem(this.key) ?? '0');
  }

  get value(): number {
    return this.current;
  }

  /** Resyncs from here in this run without storing it: the cache may lag the stored cursor (resyncCursor). */
  startFrom(cursor: number): void {
    this.current = cursor;
  }

  save(cursor: number): void {
    this.current = cursor;
    store.setItem(this.key, String(cursor));
  }
}
