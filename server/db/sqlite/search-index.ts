import type { Worker } from 'node:worker_threads';
import type { SearchAnswer, SearchQuery } from './search-index-file.ts';
import { startWorkerScript, workerExit } from '../../../platform/worker-script.ts';

// The event loop's side of the search index (search-index-file.ts says what it holds): a worker thread, its
// only writer, indexes each group commit a little later and answers searches. A search is handled after
// every message posted before it, and the worker catches up with everything committed before it runs the
// query: so a search finds every send acknowledged before it was asked (acknowledged means committed).

export interface SearchWorkerData {
  databaseFile: string;
  /** How long the worker gathers group commits before indexing them in one transaction. */
  gatherMs: number;
  /** The change counter when the database was opened (search-index-file.ts `prepareIndexing`). */
  committedAtOpen: number;
}

export type ToSearchWorker =
  { kind: 'changed' } | { kind: 'search'; id: number; query: SearchQuery } | { kind: 'close' };

export type FromSearchWorker =
  | { kind: 'indexing-failed'; message: string }
  | { kind: 'answer'; id: number; answer: SearchAnswer }
  | { kind: 'search-failed'; id: number; message: string };

/** Tens of group commits under load (one every few ms) in one FTS5 segment; a search does not wait for it. */
const GATHER_MS = 100;

interface Waiting {
  resolve: (answer: SearchAnswer) => void;
  reject: (error: Error) => void;
}

export class SearchIndex {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly databaseFile: string,
    /** The change counter now, before this server writes anything (see SearchWorkerData). */
    private readonly committedAtOpen: number,
    /** Where the worker's failures are told (the server's log). */
    private readonly report: (line: string) => void,
    private readonly gatherMs = GATHER_MS,
  ) {
    this.worker = this.start();
  }

  /** After a group commit: the worker indexes it soon, with whatever else is committed by then. */
  changed(): void {
    // A worker that stopped is started again by the next search, not by every commit.
    this.worker?.postMessage({ kind: 'changed' } satisfies ToSearchWorker);
  }

  /** Answered once the index holds everything committed before this call. */
  search(query: SearchQuery): Promise<SearchAnswer> {
    if (this.closed) return Promise.reject(new Error('the search index is closed'));
    const id = this.nextId++;
    return new Promise<SearchAnswer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker ??= this.start();
      // Unreferenced while idle (a repository left open must not keep a process alive), not while asked.
      this.worker.ref();
      this.worker.postMessage({ kind: 'search', id, query } satisfies ToSearchWorker);
    });
  }

  /** Stops the worker, which closes the search file (before the chat database closes: see repository.ts). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker === undefined) return;
    const exited = workerExit(worker, false);
    // Referenced, or a process with nothing else left to do would end before the database is closed.
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies ToSearchWorker);
    await exited;
  }

  private start(): Worker {
    const worker = startWorkerScript(new URL('./search-index-worker', import.meta.url), {
      databaseFile: this.databaseFile,
      gatherMs: this.gatherMs,
      committedAtOpen: this.committedAtOpen,
    } satisfies SearchWorkerData);
    worker.unref();
    worker.on('message', (message: FromSearchWorker) => {
      this.receive(worker, message);
    });
    worker.on('error', (error) => {
      this.report(`search index: the worker failed (${error.message})`);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.settleAll(new Error(this.closed ? 'the search index is closed' : 'the search worker stopped'));
    });
    return worker;
  }

  private receive(worker: Worker, message: FromSearchWorker): void {
    switch (message.kind) {
      case 'indexing-failed':
        this.report(`search index: indexing failed (${message.message}); the next search tries again`);
        return;
      case 'answer':
        this.waiting.get(message.id)?.resolve(message.answer);
        break;
      case 'search-failed':
        this.waiting.get(message.id)?.reject(new Error(`search failed: ${message.message}`));
        break;
    }
    this.waiting.delete(message.id);
    if (this.waiting.size === 0) worker.unref();
  }

  private settleAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
