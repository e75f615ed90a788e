import { dirname } from 'node:path';
import { decodeModel, findQuantizedProducts, groupProducts, rewriteProducts } from './blockwise-products.ts';
import { buildOnWorkerThread } from './blockwise-build.ts';
import { blockwiseWeights, WeightReader } from './blockwise-weights.ts';

/**
 * `graph` (a model of `sourcePath`, its weights inside it or mapped from the file) with its dynamically quantized
 * products as `MatMulNBits` (blockwise-products.ts) over weights kept beside the file (blockwise-weights.ts).
 * The graph as it was when it has none, when this machine's runtime has no fast kernel for them
 * (`kernelIsFast`, blockwise-probe.ts, asked only before their weights are built), or when they cannot be used
 * (a graph that does not decode, weights that cannot be written): the translation then runs as exported. The
 * weights are laid out on a worker thread, so the event loop goes on meanwhile.
 */
export async function withBlockwiseProducts(
  graph: Uint8Array,
  sourcePath: string,
  role: string,
  kernelIsFast: () => Promise<boolean>,
): Promise<Uint8Array> {
  // One reader for the graph: the zero points read to find the products, then the weights laid out from.
  const reader = new WeightReader(dirname(sourcePath));
  try {
    const model = decodeModel(graph);
    const groups = groupProducts(findQuantizedProducts(model, (tensor) => reader.whole(tensor)));
    if (groups.length === 0) return graph;
    const placed = await blockwiseWeights(sourcePath, role, groups, kernelIsFast, reader, (path, expected) =>
      buildOnWorkerThread({ graph, sourcePath, path, expected }),
    );
    return placed === null ? graph : rewriteProducts(model, groups, placed.tensors);
  } catch (error) {
    process.emitWarning(
      `the blockwise products of ${sourcePath} cannot be used (${error instanceof Error ? error.message : String(error)}); its products run as exported`,
    );
    return graph;
  } finally {
    reader.close();
  }
}
