export class QueueFullError extends Error {
  constructor(readonly capacity: number) {
    super(`the translation queue is full (${capacity} waiting requests)`);
    this.name = 'QueueFullError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('the request was cancelled');
    this.name = 'CancelledError';
  }
}

export interface BatcherOptions {
  /** Most jobs one model run takes. */
  maxBatchSize: number;
  /** Most jobs waiting (not yet running); more are refused with QueueFullError. */
  maxQueued: number;
  /** How long the first job of an idle batcher waits for others to join its run. */
  gatherMs: number;
}

interface Job<I, O> {
  input: I;
  key: string;
  signal: AbortSignal | undefined;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
  onAbort: () => void;
}

/**
 * Runs a batch function over jobs that arrive close together. While one batch runs, new jobs wait and form the
 * next one, so under load each model run carries as many requests as are waiting (up to maxBatchSize). Only jobs
 * with the same key (same model and decoding settings) share a run.
 *
 * `run` gets each job's cancellation check; it returns null for a job it stopped early.
 */
export class DynamicBatcher<I, O> {
  private readonly queue: Job<I, O>[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: (inputs: I[], isCancelled: (() => boolean)[]) => Promise<(O | null)[]>,
    private readonly keyOf: (input: I) => string,
    private readonly options: BatcherOptions,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  submit(input: I, signal?: AbortSignal): Promise<O> {
    if (signal?.aborted === true) return Promise.reject(new CancelledError());
    if (this.queue.length >= this.options.maxQueued)
      return Promise.reject(new QueueFullError(this.options.maxQueued));
    return new Promise<O>((resolve, reject) => {
      const job: Job<I, O> = {
        input,
        key: this.keyOf(input),
        signal,
        resolve,
        reject,
        onAbort: () => {
          // A waiting job that is cancelled leaves the queue at once, freeing its slot.
          const index = this.queue.indexOf(job);
          if (index >= 0) {
            this.queue.splice(index, 1);
            reject(new CancelledError());
          }
        },
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.timer !== undefined || this.queue.length === 0) return;
    const delay = this.queue.length >= this.options.maxBatchSize ? 0 : this.options.gatherMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  private async flush(): Promise<void> {
    const head = this.queue[0];
    if (this.running || head === undefined) return;
    const batch: Job<I, O>[] = [];
    for (let index = 0; index < this.queue.length && batch.length < this.options.maxBatchSize;) {
      const job = this.queue[index];
      if (job !== undefined && job.key === head.key) {
        batch.push(job);
        this.queue.splice(index, 1);
      } else {
        index += 1;
      }
    }
    this.running = true;
    try {
      const outputs = await this.run(
        batch.map((job) => job.input),
        batch.map((job) => () => job.signal?.aborted === true),
      );
      batch.forEach((job, index) => {
        const output = outputs[index];
        if (output === null || output === undefined) job.reject(new CancelledError());
        else job.resolve(output);
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
    } finally {
      for (const job of batch) job.signal?.removeEventListener('abort', job.onAbort);
      this.running = false;
      this.schedule();
    }
  }
}
