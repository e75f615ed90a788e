import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { encoderFeeds } from '../../test-support/encoder-feeds.ts';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { multiply, storeWeight } from '../../tools/fixtures/quantized-weights.ts';
import { TINY_DIMS, type TransformerDims } from '../../tools/fixtures/random-transformer.ts';
import { encodeModel, ElementType, GraphBuilder, valueInfo } from '../../tools/onnx/graph-builder.ts';
import { withBlockwiseProducts } from './blockwise-graph.ts';
import { decodeModel, findQuantizedProducts } from './blockwise-products.ts';
import { blockwiseWeights, blockwiseWeightsPath, withInlineBlockwiseProducts } from './blockwise-weights.ts';
import { mapWeightsInPlace } from './mapped-weights.ts';
import { createSession, floatData } from './onnx-runtime.ts';

/** Layers of 64 × 128 and an LM head of 2048 × 64: mapped from the file, so the weights are read from it. */
const MAPPED_DIMS: TransformerDims = { ...TINY_DIMS, vocabSize: 2048, dModel: 64, ffn: 128 };
const threads = { intraOp: 1, interOp: 1 };
const fast = () => Promise.resolve(true);
const scratch = mkdtempSync(join(tmpdir(), 'meeshy-blockwise-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Deterministic values in [-1, 1). */
function seeded(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 1073741824 - 1;
  });
}

async function encoderPath(): Promise<string> {
  const modelDir = await cachedRandomFixture({
    family: 'nllb',
    dims: MAPPED_DIMS,
    seed: 7,
    precisions: ['quantized'],
  });
  return join(modelDir, 'onnx', 'encoder_model_quantized.onnx');
}

/** A copy of the fixture's encoder in a folder of its own, so its blockwise file is this test's alone. */
async function encoderCopy(name: string): Promise<string> {
  const folder = mkdtempSync(join(scratch, `${name}-`));
  const copy = join(folder, 'encoder_model_quantized.onnx');
  copyFileSync(await encoderPath(), copy);
  return copy;
}

describe('blockwise products', () => {
  it.each([
    ['an ordinary row', null, 0.8],
    ['a row with an outlier', 40, 1],
  ] as const)(
    'compute a product no further from the float product of the same weights than the export (%s)',
    async (_, outlier, ratio) => {
      const [inSize, outSize, rows] = [1024, 96, 3];
      const graph = new GraphBuilder('product');
      const weight = storeWeight(graph, 'w', [inSize, outSize], seeded(inSize * outSize, 11), 'int8');
      graph.op('Identity', [multiply(graph, 'x', weight)], {}, 'y');
      const exported = encodeModel(
        graph.toGraph(
          'product',
          [valueInfo('x', ElementType.FLOAT, [rows, inSize])],
          [valueInfo('y', ElementType.FLOAT, [rows, outSize])],
        ),
        'test',
      );
      const blockwise = withInlineBlockwiseProducts(exported);
      expect(blockwise).not.toBeNull();
      // An outlier, as a transformer's activations have some: the export quantizes the whole row with its range,
      // the blockwise product only the outlier's block.
      const input = seeded(rows * inSize, 5);
      if (outlier !== null) input[17] = outlier;
      // The float product of the weights as stored (their int8 values times their column scales).
      const product = findQuantizedProducts(decodeModel(exported))[0];
      const stored = new Int8Array(Uint8Array.from(product?.weight.rawData ?? []).buffer);
      const reference = new Float64Array(rows * outSize);
      for (let row = 0; row < rows; row += 1)
        for (let column = 0; column < outSize; column += 1) {
          let sum = 0;
          for (let k = 0; k < inSize; k += 1)
            sum +=
              (input[row * inSize + k] ?? 0) *
              (stored[k * outSize + column] ?? 0) *
              (product?.columnScales[column] ?? 0);
          reference[row * outSize + column] = sum;
        }
      const maxError = async (model: Uint8Array) => {
        const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
        const output = await session.run({ x: new ort.Tensor('float32', input, [rows, inSize]) });
        await session.release();
        const values = floatData(output['y'] as ort.Tensor);
        return Math.max(...reference.map((expected, index) => Math.abs(expected - (values[index] ?? NaN))));
      };
      const largest = Math.max(...reference.map(Math.abs));
      const exportedError = await maxError(exported);
      const blockwiseError = await maxError(blockwise ?? new Uint8Array());
      expect(blockwiseError).toBeLessThan(largest * 0.05);
      expect(blockwiseError).toBeLessThan(exportedError * ratio);
    },
  );

  it('rewrite every product of a model, which then computes what the export does within quantization error', async () => {
    const path = await encoderCopy('rewrite');
    const mapped = mapWeightsInPlace(path);
    expect(mapped).not.toBeNull();
    const graph = mapped?.graph ?? new Uint8Array();
    const products = findQuantizedProducts(decodeModel(graph));
    // Per layer: q, k, v, out and the two feed-forward products.
    expect(products).toHaveLength(MAPPED_DIMS.encoderLayers * 6);
    const rewritten = decodeModel(await withBlockwiseProducts(graph, path, 'whole', fast));
    const opTypes = (rewritten.graph?.node ?? []).map((node) => node.opType);
    expect(opTypes.filter((type) => type === 'MatMulNBits')).toHaveLength(products.length);
    expect(opTypes).not.toContain('MatMulInteger');
    expect(opTypes).not.toContain('DynamicQuantizeLinear');

    const feeds = encoderFeeds([5, 900, 1500, 2000, 2]);
    const run = async (blockwiseProducts: boolean) => {
      const session = await createSession(path, threads, { blockwiseProducts });
      const output = await session.run(feeds);
      await session.release();
      return floatData(output['last_hidden_state'] as ort.Tensor);
    };
    const asExported = await run(false);
    const blockwise = await run(true);
    expect(existsSync(blockwiseWeightsPath(path, 'whole'))).toBe(true);
    const largest = Math.max(...asExported.map(Math.abs));
    const differences = asExported.map((value, index) => Math.abs(value - (blockwise[index] ?? NaN)));
    expect(Math.max(...differences)).toBeLessThan(largest * 0.1);
    expect(Math.max(...differences)).toBeGreaterThan(0);
  });

  it('build their weights once, and again when the model file changes or the built file is cut short', async () => {
    const path = await encoderCopy('cache');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    const products = findQuantizedProducts(decodeModel(graph));
    const built = () => blockwiseWeights(path, 'whole', products).built;
    // A partial file of a process that has ended is removed; one of a process still running is its own to finish.
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${blockwiseWeightsPath(path, 'whole')}.partial-${ended}`;
    const another = `${blockwiseWeightsPath(path, 'whole')}.partial-${process.ppid}`;
    writeFileSync(leftover, 'from a load that crashed');
    writeFileSync(another, 'from a load still building');
    expect(built()).toBe(true);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(another)).toBe(true);
    rmSync(another);
    expect(built()).toBe(false);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(built()).toBe(true);
    expect(built()).toBe(false);
    truncateSync(blockwiseWeightsPath(path, 'whole'), 100);
    expect(built()).toBe(true);
    expect(built()).toBe(false);
    expect(readdirSync(join(path, '..')).sort()).toEqual(
      [basename(path), basename(blockwiseWeightsPath(path, 'whole'))].sort(),
    );
  });

  it('leave the graph as exported when their weights cannot be built, saying why', async () => {
    const path = await encoderCopy('unwritable');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    // A folder where the built file would go: the rename onto it fails (a read-only folder would not stop root).
    mkdirSync(join(blockwiseWeightsPath(path, 'whole'), 'in-the-way'), { recursive: true });
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      const result = await withBlockwiseProducts(graph, path, 'whole', fast);
      expect(result).toBe(graph);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.join('\n')).toMatch(
        /blockwise weights of .*encoder_model_quantized\.onnx cannot be written/,
      );
    } finally {
      process.off('warning', listen);
    }
  });

  it('leave the graph as exported where the runtime has no fast kernel for them', async () => {
    const path = await encoderCopy('slow-kernel');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    expect(await withBlockwiseProducts(graph, path, 'whole', () => Promise.resolve(false))).toBe(graph);
    expect(existsSync(blockwiseWeightsPath(path, 'whole'))).toBe(false);
  });
});
