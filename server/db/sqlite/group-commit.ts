import type Database from 'better-sqlite3';
import { StorageSyncError } from './storage-sync-error.ts';
import type { WalSync } from './wal-sync.ts';

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface SyncWaiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes queued during one turn of the event loop run in one transaction. Each write
 * runs in its own savepoint, so one that fails rolls back and fails alone; each caller's promise settles
 * only once the transaction is committed AND durable, so an acknowledgement (and the broadcast that
 * follows it) still waits for its own durable write.
 *
 * Durability without blocking the event loop (given `syncWal`, i.e. a file database in WAL mode):
 * the transaction commits with `synchronous=NORMAL` (no fsync inside the commit, which used to block the
 * event loop for half of the transaction's time), then the `-wal` file is `fdatasync`ed on libuv's thread
 * pool, and only then are the batch's writes answered. While that sync runs, the next batches are gathered,
 * committed and wait for the next sync (one sync at a time; each covers every batch committed before it
 * started), so the disk flush overlaps the next batch's work instead of stopping it.
 *
 * Why this is as safe as `synchronous=FULL` for an acknowledged send (reliability.md §3, power loss):
 * - In WAL mode a commit only appends frames to the `-wal` file (plain writes, now in the OS page cache);
 *   the database file changes only at checkpoints, and in NORMAL mode SQLite syncs the WAL before every
 *   checkpoint and the database file after it. So whatever the power cut, the files stay consistent: on
 *   reopen SQLite replays the WAL's frames up to the last commit whose frames all reached the disk, and
 *   drops the rest (frames are checksummed and salted). What can be lost is a suffix of the last
 *   commits, never a middle one, and never a half transaction.
 * - Our `fdatasync` of the WAL, issued after a commit returned, puts that commit's frames (and all earlier
 *   ones) on disk. A write is answered only after such a sync succeeded, so an acknowledged send survives
 *   a power cut exactly as with FULL; what a power cut can take is only writes nobody was told are stored,
 *   and their senders retry with the same client id (stored once, by the unique key).
 * - Other writes on this connection (edits, reactions, accounts…) keep `synchronous=FULL`: it is switched
 *   to NORMAL only around this transaction (a pragma cannot change inside one). Their commits sync the WAL,
 *   which also covers any group commit before them.
 * - Readers see a committed batch before its sync completes. The message store therefore hands out
 *   messages only once `whenDurable()` says what was committed before the read is on disk (see
 *   message-store.ts), so a retried send, a history page or a resync never shows a message a power cut
 *   could still take. (This holds within the process; a SQLite file has one server, the data-folder guard
 *   sees to it, and replicas share Postgres instead.)
 * - A sync that fails (EIO, ENOSPC…) leaves the written data's fate unknown: after a failed fsync the kernel
 *   may have dropped the dirty pages, and a later successful fsync does not bring them back. So the
 *   writes waiting for it are refused with a StorageSyncError, and so is every later write and durable
 *   read through this group commit until the server restarts (SQLite then recovers what did reach the disk).
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;
  /** Committed, waiting for the next sync to start. */
  private awaitingSync: SyncWaiter[] = [];
  /** Covered by the sync under way (undefined when none is). */
  private syncing: SyncWaiter[] | undefined;
  private failure: StorageSyncError | undefined;
  /**
   * Made once: each `transaction()` call builds four wrapper functions and defines their properties, which
   * was done for every send (its savepoint) and every batch.
   */
  private readonly inTransaction: Database.Transaction<
    (batch: QueuedWrite[]) => { ok: boolean; value: unknown }[]
  >;
  /**
   * The same without a savepoint per write (SAVEPOINT and RELEASE were 3–4 % of the server's time under
   * load): tried first; when one write fails, the whole transaction rolls back and the batch runs again
   * with savepoints, so that write fails alone. A write's work is only statements, so running it again
   * after a rollback does nothing twice.
   */
  private readonly inTransactionWithoutSavepoints: Database.Transaction<
    (batch: QueuedWrite[]) => { ok: boolean; value: unknown }[]
  >;
  /** A transaction function called inside another runs in a savepoint. */
  private readonly inSavepoint: Database.Transaction<(work: () => unknown) => unknown>;
  /** The connection's own `synchronous` level (FULL, see connection.ts), restored after each batch. */
  private readonly ownSynchronous: number;

  /** Without `syncWal` (a database not in WAL mode), each batch commits with the connection's own setting. */
  constructor(
    private readonly sqlite: Database.Database,
    private readonly syncWal?: WalSync,
    /** Told once, when a sync fails (the clients get STORAGE_FAILED; the server's log gets the cause). */
    private readonly reportSyncFailure: (line: string) => void = () => undefined,
    /**
     * Told after each batch is committed, with how many writes it held (the search index follows the
     * commits: search-index.ts; the checkpoint worker counts them: wal-checkpointer.ts).
     */
    private readonly onCommitted: (writes: number) => void = () => undefined,
  ) {
    this.ownSynchronous = Number(sqlite.pragma('synchronous', { simple: true }));
    this.inSavepoint = sqlite.transaction((work: () => unknown) => work());
    this.inTransactionWithoutSavepoints = sqlite.transaction((batch: QueuedWrite[]) =>
      batch.map(({ work }) => ({ ok: true, value: work() })),
    );
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
    if (this.failure) return Promise.reject(this.failure);
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
    if (this.failure) {
      for (const write of batch) write.reject(this.failure);
      return;
    }
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      outcomes = this.commit(batch);
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    this.onCommitted(batch.length);
    batch.forEach((write, index) => {
      const outcome = outcomes[index];
      // A write that failed rolled back its savepoint: nothing of it is stored, it can be refused now.
      if (outcome?.ok !== true) write.reject(outcome?.value);
      else if (this.syncWal === undefined) write.resolve(outcome.value);
      else
        this.awaitingSync.push({
          resolve: () => {
            write.resolve(outcome.value);
          },
          reject: write.reject,
        });
    });
    this.startSync();
  }

  /**
   * Resolves once everything committed so far through this group commit is durable (at once when nothing
   * is waiting for a sync); rejects with the StorageSyncError once a sync failed.
   */
  whenDurable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const waiters = this.awaitingSync.length > 0 ? this.awaitingSync : this.syncing;
    if (waiters === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
    });
  }

  /** `value` once everything committed before this call is durable: how reads hand out what they read. */
  durable<T>(value: T): Promise<T> {
    return this.whenDurable().then(() => value);
  }

  /** The failed sync that ended this database's writes until restart, if one did. */
  failedSync(): StorageSyncError | undefined {
    return this.failure;
  }

  /** Commits what is queued and waits until all of it is durable (or refused): before the database closes. */
  async drain(): Promise<void> {
    this.flush();
    await this.whenDurable().catch(() => undefined);
  }

  private commit(batch: QueuedWrite[]): { ok: boolean; value: unknown }[] {
    if (this.syncWal === undefined) return this.runBatch(batch);
    this.sqlite.exec('PRAGMA synchronous = NORMAL');
    try {
      return this.runBatch(batch);
    } finally {
      this.sqlite.exec(`PRAGMA synchronous = ${this.ownSynchronous}`);
    }
  }

  private runBatch(batch: QueuedWrite[]): { ok: boolean; value: unknown }[] {
    try {
      return this.inTransactionWithoutSavepoints.immediate(batch);
    } catch {
      return this.inTransaction.immediate(batch);
    }
  }

  private startSync(): void {
    if (this.syncing !== undefined || this.awaitingSync.length === 0 || this.syncWal === undefined) return;
    const covered = this.awaitingSync;
    this.awaitingSync = [];
    if (this.failure) {
      for (const waiter of covered) waiter.reject(this.failure);
      return;
    }
    this.syncing = covered;
    const syncWal = this.syncWal;
    // Through a promise job, so that a sync that throws instead of rejecting fails the same way.
    Promise.resolve()
      .then(syncWal)
      .then(
        () => {
          this.syncing = undefined;
          for (const waiter of covered) waiter.resolve();
          this.startSync();
        },
        (error: unknown) => {
          this.syncing = undefined;
          this.failure = new StorageSyncError(error);
          this.reportSyncFailure(
            `database: syncing the WAL of ${this.sqlite.name} failed (${this.failure.cause instanceof Error ? this.failure.cause.message : String(error)}); sends are refused until the server restarts`,
          );
          for (const waiter of covered) waiter.reject(this.failure);
          this.startSync();
        },
      );
  }
}
