import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import {
  CLOSING,
  COMMITTED_WRITES,
  MIN_CHECKPOINT_INTERVAL_MS,
  PAUSE,
  WRITES_PER_CHECKPOINT,
  type FromWalCheckpointWorker,
  type WalCheckpointWorkerData,
} from './wal-checkpoint-signal.ts';

// The checkpoint worker's thread (started by wal-checkpointer.ts): copies the chat database's WAL into the
// database file with passive checkpoints, which neither wait for nor block the event loop's writes. The
// thread sleeps in Atomics.wait between them: it has no event loop to run, so it never sees messages.

const port = parentPort;
if (port === null) throw new Error('wal-checkpoint-worker.ts runs as a worker thread');
const { databaseFile, signal } = workerData as WalCheckpointWorkerData;
const slots = new Int32Array(signal);
const db = new Database(databaseFile, { fileMustExist: true });
// A checkpoint syncs the WAL before it copies and the database file after (NORMAL and FULL alike), so a
// power cut in the middle loses nothing: the WAL keeps every frame until a writer resets it afterwards.
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

const closing = () => Atomics.load(slots, CLOSING) === 1;

/** Sleeps until enough writes were committed since the last checkpoint, or closing; returns the count. */
const awaitWrites = (): number => {
  for (;;) {
    // Read before the flag: close() sets the flag and then moves the count, so a close landing between
    // the two reads makes the wait below return at once rather than sleep through its notification.
    const committed = Atomics.load(slots, COMMITTED_WRITES);
    if (closing() || committed >= WRITES_PER_CHECKPOINT) return committed;
    // Woken by the commit that crosses the threshold (or by close); returns at once if a commit came between.
    Atomics.wait(slots, COMMITTED_WRITES, committed);
  }
};

for (;;) {
  const committed = awaitWrites();
  if (closing()) break;
  // What this checkpoint covers; commits counted meanwhile stay for the next one.
  Atomics.sub(slots, COMMITTED_WRITES, committed);
  try {
    checkpoint.get();
  } catch (error) {
    port.postMessage({
      kind: 'checkpoint-failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies FromWalCheckpointWorker);
  }
  Atomics.wait(slots, PAUSE, 0, MIN_CHECKPOINT_INTERVAL_MS);
}
// Closed before the event loop's connection, which is thus the last and checkpoints the WAL away.
db.close();
