import { rmSync } from 'node:fs';
import { startWorkerScript } from '../../platform/worker-script.ts';
import { partialBlockwisePath, type Trailer } from './blockwise-weights.ts';

/** What the build worker needs: the graph the products were found in, where its weights are, what to write. */
export interface BlockwiseBuildRequest {
  graph: Uint8Array;
  sourcePath: string;
  path: string;
  expected: Trailer;
}

export type BlockwiseBuildOutcome = { ok: true } | { ok: false; message: string };

/**
 * Partial files of the builds under way. A process that exits meanwhile (the translator stopped during a first
 * load) ends its workers mid-write; what they leave, up to the whole 0.6 GB, is removed on the way out rather
 * than by some later build of the same file.
 */
const partialsInFlight = new Set<string>();
process.on('exit', () => {
  for (const partial of partialsInFlight) rmSync(partial, { force: true });
});

/**
 * Builds a blockwise file on a worker thread (blockwise-build-worker.ts). Laying out some 0.6 GB of weights
 * takes seconds on a model's first load; on the translator's main thread it would leave gRPC unanswered all
 * that while (health checks, the other models' translations). The worker finds the same products in the same
 * graph and reads the weights through its own files.
 */
export function buildOnWorkerThread(request: BlockwiseBuildRequest): Promise<void> {
  const partial = partialBlockwisePath(request.path);
  partialsInFlight.add(partial);
  return new Promise<void>((resolve, reject) => {
    const worker = startWorkerScript(new URL('./blockwise-build-worker', import.meta.url), request);
    let outcome: BlockwiseBuildOutcome | null = null;
    worker.once('message', (message: BlockwiseBuildOutcome) => {
      outcome = message;
    });
    worker.once('error', (error) => {
      outcome ??= { ok: false, message: error.message };
    });
    // Settled on exit, after the worker has closed its files, whatever it said before.
    worker.once('exit', (code) => {
      if (outcome?.ok === true) resolve();
      else
        reject(
          new Error(
            outcome?.message ??
              `the blockwise build's thread stopped (exit code ${String(code)}) before it finished`,
          ),
        );
    });
  }).finally(() => partialsInFlight.delete(partial));
}
