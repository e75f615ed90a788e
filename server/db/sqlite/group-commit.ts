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
  /**
   * Made once: each `transaction()` call builds four wrapper functions and defines their properties, which
   * was done for every send (its savepoint) and every batch.
   */
  private readonly inTransaction: Database.Transaction<
    (batch: QueuedWrite[]) => { ok: boolean; value: unknown }[]
  >;
  /** A transaction function called inside another runs in a savepoint. */
  private readonly inSavepoint: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(private readonly sqlite: Database.Database) {
    this.inSavepoint = sqlite.transaction((work: () => unknown) => work());
    this.inTransaction = sqlite.transaction((batch: QueuedWrite[]) =>
      batch.map(({ work }) => {
        try {
          return { ok: true, value: this.inSavepoint(work) };
        } catch (error) {
          return { ok: false, value: error };
        }
      }),
    );
  }

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
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      outcomes = this.inTransaction.immediate(batch);
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
