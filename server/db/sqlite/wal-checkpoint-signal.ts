// The few shared integers through which the event loop tells the checkpoint worker about commits
// (wal-checkpointer.ts) without a message per commit: an `Atomics.add` costs the event loop nothing.

/** Index of the writes committed since the worker's last checkpoint. */
export const COMMITTED_WRITES = 0;
/** Index of the closing flag: 1 once the worker is asked to stop. */
export const CLOSING = 1;
/** Index the worker sleeps on between checkpoints; only closing wakes it early. */
export const PAUSE = 2;

export const SIGNAL_SLOTS = 3;

/** The worker checkpoints once this many writes were committed since its last checkpoint. */
export const WRITES_PER_CHECKPOINT = 256;
/** And at most this often: under a stream of sends, each checkpoint takes what came since the last. */
export const MIN_CHECKPOINT_INTERVAL_MS = 100;

export interface WalCheckpointWorkerData {
  databaseFile: string;
  /** Int32Array over it, SIGNAL_SLOTS long. */
  signal: SharedArrayBuffer;
}

export type FromWalCheckpointWorker = { kind: 'checkpoint-failed'; message: string };
