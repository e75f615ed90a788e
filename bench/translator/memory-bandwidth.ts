import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

/**
 * The machine's read bandwidth, measured the way a decoding step reads its weights: each of `threads` threads
 * scans two buffers of its own, together far larger than any cache, with glibc's vectorized `memchr` (what
 * `Buffer.indexOf(byte)` calls, looking for a byte that is not there) and `memcmp` (what `Buffer.equals` calls on
 * two equal buffers), alternating, and the best round counts. That is native, SIMD, read-only streaming like an
 * int8 GEMV's, without an addon or a compiler: a JavaScript loop over a typed array measures V8's loop, not the
 * memory (about 1–2 GB/s here against 5–12 GB/s for these). The buffers are filled first, so the pages are real
 * (a fresh zeroed allocation would map one shared zero page and read from cache).
 */
export interface BandwidthMeasurement {
  threads: number;
  bytesPerThread: number;
  /** Best of the rounds, in GB/s (10^9 bytes). */
  gbPerSecond: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const half = Math.floor(workerData.bytes / 2);
const first = Buffer.allocUnsafe(half).fill(1);
const second = Buffer.allocUnsafe(half).fill(1);
const control = new Int32Array(workerData.control);
parentPort.postMessage('filled');
for (let round = 0; round < workerData.rounds; round += 1) {
  Atomics.wait(control, 0, round);
  const started = process.hrtime.bigint();
  const clean =
    round % 2 === 0 ? first.indexOf(2) === -1 && second.indexOf(2) === -1 : first.equals(second);
  if (!clean) throw new Error('the buffers changed under the scan');
  parentPort.postMessage(Number(process.hrtime.bigint() - started) / 1e9);
}
`;

export async function measureReadBandwidth(
  threads: number,
  bytesPerThread: number,
  rounds = 5,
): Promise<BandwidthMeasurement> {
  const control = new SharedArrayBuffer(4);
  const flag = new Int32Array(control);
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: bytesPerThread, control, rounds } }),
  );
  const messages = workers.map((worker) => {
    const queue: unknown[] = [];
    const waiting: ((value: unknown) => void)[] = [];
    worker.on('message', (value: unknown) => {
      const next = waiting.shift();
      if (next) next(value);
      else queue.push(value);
    });
    return () =>
      new Promise<unknown>((resolve, reject) => {
        worker.once('error', reject);
        if (queue.length > 0) resolve(queue.shift());
        else waiting.push(resolve);
      });
  });
  try {
    await Promise.all(messages.map((next) => next()));
    let best = 0;
    for (let round = 0; round < rounds; round += 1) {
      // Every thread starts its scan at once, so the rate is what they read together.
      Atomics.store(flag, 0, round + 1);
      Atomics.notify(flag, 0);
      const seconds = (await Promise.all(messages.map((next) => next()))) as number[];
      const slowest = Math.max(...seconds);
      best = Math.max(best, (threads * bytesPerThread) / slowest / 1e9);
    }
    return { threads, bytesPerThread, gbPerSecond: best };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The same measurement in a child process with `env` added to its environment: glibc's huge-page tunable, which
 * the engine's process runs with (stack/translator-env.ts), gives the scanned buffers huge pages too, and a floor
 * must come from the fastest the machine reads, not from a slower setting than the engine's.
 */
export async function measureReadBandwidthIn(
  env: NodeJS.ProcessEnv,
  threads: number,
  bytesPerThread: number,
  rounds: number,
): Promise<BandwidthMeasurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      String(threads),
      String(bytesPerThread),
      String(rounds),
    ],
    { env: { ...process.env, ...env } },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as BandwidthMeasurement;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [threads, bytesPerThread, rounds] = process.argv.slice(2).map(Number);
  const measured = await measureReadBandwidth(threads ?? 1, bytesPerThread ?? 2 ** 28, rounds ?? 5);
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}
