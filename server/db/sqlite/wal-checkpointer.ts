import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import {
  CLOSING,
  COMMITTED_WRITES,
  PAUSE,
  SIGNAL_SLOTS,
  WRITES_PER_CHECKPOINT,
  type FromWalCheckpointWorker,
  type WalCheckpointWorkerData,
} from './wal-checkpoint-signal.ts';
import { startWorkerScript, workerExit } from '../../../platform/worker-script.ts';

/** SQLite's own automatic checkpoint, in pages of WAL: what the connection goes back to without the worker. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * The event loop's own automatic checkpoint while the worker runs. A passive checkpoint in another thread
 * copies the WAL but cannot reset it while sends keep committing (the WAL starts over only when a write
 * begins with every frame copied): so under a steady stream the WAL grows until this backstop, whose
 * checkpoint copies just the frames since the worker's last one and lets the next write start it over.
 */
const BACKSTOP_AUTOCHECKPOINT = 8192;

/**
 * Checkpoints of a WAL database on a worker thread (wal-checkpoint-worker.ts). SQLite's automatic
 * checkpoint runs in the committing connection, i.e. on the event loop: it cost about a third of a send's
 * commit under `npm run bench:chat` (copying pages into the database file and syncing it). The group commit
 * tells it how many writes each batch committed; the worker checkpoints every few hundred.
 */
export class WalCheckpointer {
  private readonly slots = new Int32Array(new SharedArrayBuffer(SIGNAL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private closing: Promise<void> | undefined;
  private exited = false;

  constructor(
    private readonly sqlite: Database.Database,
    report: (line: string) => void,
  ) {
    this.worker = startWorkerScript(new URL('./wal-checkpoint-worker', import.meta.url), {
      databaseFile: sqlite.name,
      signal: this.slots.buffer,
    } satisfies WalCheckpointWorkerData);
    // A repository left open must not keep a process alive; close() references it while it waits.
    this.worker.unref();
    this.worker.on('message', (message: FromWalCheckpointWorker) => {
      report(`database: a background checkpoint of ${sqlite.name} failed (${message.message})`);
    });
    this.worker.on('error', (error) => {
      report(`database: the checkpoint worker of ${sqlite.name} failed (${error.message})`);
    });
    this.worker.on('exit', () => {
      this.exited = true;
      // Without the worker, the connection checkpoints for itself again.
      if (this.closing === undefined && this.sqlite.open)
        this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    });
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT}`);
  }

  /** After a group commit of `writes` writes. */
  committed(writes: number): void {
    const before = Atomics.add(this.slots, COMMITTED_WRITES, writes);
    if (before < WRITES_PER_CHECKPOINT && before + writes >= WRITES_PER_CHECKPOINT)
      Atomics.notify(this.slots, COMMITTED_WRITES);
  }

  /**
   * Stops the worker, which closes its connection (before the server's own closes: see repository.ts); every
   * call waits for the same exit.
   */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const exited = workerExit(this.worker, this.exited);
    // Referenced, or a process with nothing else left to do would end before the database is closed.
    this.worker.ref();
    Atomics.store(this.slots, CLOSING, 1);
    // The count moves too: a worker that checked the flag just before it was set, and is about to wait for
    // the count it read, then finds it changed instead of sleeping through the notification.
    Atomics.add(this.slots, COMMITTED_WRITES, 1);
    Atomics.notify(this.slots, COMMITTED_WRITES);
    Atomics.notify(this.slots, PAUSE);
    await exited;
  }
}
