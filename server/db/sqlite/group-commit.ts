import type Database from 'better-sqlite3';

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes queued during one turn of the event loop run in one transaction, so one fsync
 * (synchronous=FULL) covers them all instead of one each. Each write runs in its own savepoint, so one
 * that fails rolls back and fails alone; each caller's promise settles only once the transaction is
 * committed, so an acknowledgement still waits for its own durable write.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;

  constructor(private readonly sqlite: Database.Database) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.flush();
      });
    });
  }

  /** Commits what is queued now; called by the next turn, and before the database closes. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.sqlite
        .transaction(() => {
          for (const { work } of batch) {
            try {
              // A transaction function called inside another runs in a savepoint.
              outcomes.push({ ok: true, value: this.sqlite.transaction(work)() });
            } catch (error) {
              outcomes.push({ ok: false, value: error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok === true) write.resolve(outcome.value);
      else write.reject(outcome?.value);
    });
  }
}
