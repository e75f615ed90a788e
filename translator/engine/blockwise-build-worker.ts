import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { BlockwiseBuildOutcome, BlockwiseBuildRequest } from './blockwise-build.ts';
import { decodeModel, findQuantizedProducts, groupProducts } from './blockwise-products.ts';
import { buildBlockwiseFile, WeightReader } from './blockwise-weights.ts';

// The worker thread of blockwise-build.ts: one build, then it ends.
const { graph, sourcePath, path, expected } = workerData as BlockwiseBuildRequest;
const reader = new WeightReader(dirname(sourcePath));
let outcome: BlockwiseBuildOutcome;
try {
  const groups = groupProducts(findQuantizedProducts(decodeModel(graph), (tensor) => reader.whole(tensor)));
  buildBlockwiseFile(path, sourcePath, groups, expected, reader);
  outcome = { ok: true };
} catch (error) {
  outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
} finally {
  reader.close();
}
parentPort?.postMessage(outcome);
