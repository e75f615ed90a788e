import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { encoderFeeds } from '../../test-support/encoder-feeds.ts';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { multiply, storeWeight } from '../../tools/fixtures/quantized-weights.ts';
import { TINY_DIMS, type TransformerDims } from '../../tools/fixtures/random-transformer.ts';
import { encodeModel, ElementType, GraphBuilder, valueInfo } from '../../tools/onnx/graph-builder.ts';
import { withBlockwiseProducts } from './blockwise-graph.ts';
import { decodeModel, findQuantizedProducts, groupProducts } from './blockwise-products.ts';
import {
  blockwiseWeights,
  blockwiseWeightsBytes,
  blockwiseWeightsPath,
  transposeWithOffset,
  WeightReader,
  withInlineBlockwiseProducts,
} from './blockwise-weights.ts';
import { mapWeightsInPlace } from './mapped-weights.ts';
import { splitMergedDecoder } from './merged-decoder-split.ts';
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
    // Root-mean-square errors measured here: about equal on an ordinary row (0.042 both), 40 % lower with an
    // outlier (0.49–0.52 against 0.82–0.85).
    ['an ordinary row', null, 1.15],
    ['a row with an outlier', 40, 0.7],
  ] as const)(
    'compute products no further from the float products of the same weights than the export (%s)',
    async (_, outlier, ratio) => {
      // Three products of the same activations, of different widths: rewritten as one product and a Split.
      const [inSize, rows] = [1024, 3];
      const widths = [96, 64, 32];
      const graph = new GraphBuilder('products');
      // The first and last with a bias (added by MatMulNBits itself after the rewrite), the middle one without.
      const biases = widths.map((width, index) => (index === 1 ? null : seeded(width, 3 + index)));
      widths.forEach((width, index) => {
        const weight = storeWeight(
          graph,
          `w${index}`,
          [inSize, width],
          seeded(inSize * width, 11 + index),
          'int8',
        );
        const product = multiply(graph, 'x', weight);
        const bias = biases[index];
        const biased = bias
          ? graph.op('Add', [product, graph.floatConstant(Array.from(bias), [width])])
          : product;
        graph.op('Identity', [biased], {}, `y${index}`);
      });
      const exported = encodeModel(
        graph.toGraph(
          'products',
          [valueInfo('x', ElementType.FLOAT, [rows, inSize])],
          widths.map((width, index) => valueInfo(`y${index}`, ElementType.FLOAT, [rows, width])),
        ),
        'test',
      );
      const blockwise = withInlineBlockwiseProducts(exported);
      expect(blockwise).not.toBeNull();
      expect(decodeModel(blockwise ?? new Uint8Array()).graph?.node?.map((node) => node.opType)).toEqual([
        'MatMulNBits',
        'Split',
        'Identity',
        'Identity',
        'Identity',
      ]);
      // An outlier, as a transformer's activations have some: the export quantizes the whole row with its range,
      // the blockwise product only the outlier's block.
      const input = seeded(rows * inSize, 5);
      if (outlier !== null) input[17] = outlier;
      // The float products of the weights as stored (their int8 values times their column scales).
      const references = findQuantizedProducts(decodeModel(exported)).map((product, index) => {
        const stored = new Int8Array(Uint8Array.from(product.weight.rawData ?? []).buffer);
        const width = product.outputSize;
        const reference = new Float64Array(rows * width);
        for (let row = 0; row < rows; row += 1)
          for (let column = 0; column < width; column += 1) {
            let sum = 0;
            for (let k = 0; k < inSize; k += 1)
              sum +=
                (input[row * inSize + k] ?? 0) *
                (stored[k * width + column] ?? 0) *
                (product.columnScales[column] ?? 0);
            reference[row * width + column] = sum + (biases[index]?.[column] ?? 0);
          }
        return reference;
      });
      expect(references.map((reference) => reference.length / rows)).toEqual(widths);
      const rmsErrors = async (model: Uint8Array) => {
        const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
        const output = await session.run({ x: new ort.Tensor('float32', input, [rows, inSize]) });
        await session.release();
        return references.map((reference, index) => {
          const values = floatData(output[`y${index}`] as ort.Tensor);
          return Math.sqrt(
            reference.reduce((sum, expected, at) => sum + (expected - (values[at] ?? NaN)) ** 2, 0) /
              reference.length,
          );
        });
      };
      const exportedErrors = await rmsErrors(exported);
      const blockwiseErrors = await rmsErrors(blockwise ?? new Uint8Array());
      references.forEach((reference, index) => {
        const largest = Math.max(...reference.map(Math.abs));
        expect(blockwiseErrors[index]).toBeLessThan(largest * 0.02);
        expect(blockwiseErrors[index]).toBeLessThan((exportedErrors[index] ?? 0) * ratio);
      });
    },
  );

  it.each([
    [64, 128],
    [16, 12],
    [1024, 10_446 % 64],
    [8, 7],
  ])('lay a weight of %i × %i out per column, +128', (rows, columns) => {
    const source = Uint8Array.from({ length: rows * columns }, (_, index) => (index * 31 + 7) & 0xff);
    const into = new Uint8Array(rows * columns);
    transposeWithOffset(source, rows, columns, into);
    for (let row = 0; row < rows; row += 1)
      for (let column = 0; column < columns; column += 1)
        expect(into[column * rows + row]).toBe(((source[row * columns + column] ?? 0) + 128) % 256);
  });

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
    // The query, key and value projections of a layer read the same activations: one product, split in three.
    expect(opTypes.filter((type) => type === 'MatMulNBits')).toHaveLength(MAPPED_DIMS.encoderLayers * 4);
    expect(opTypes.filter((type) => type === 'Split')).toHaveLength(MAPPED_DIMS.encoderLayers);
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
    // What the Models screen adds to the model's size on disk: this file, and not the model's own.
    expect(await blockwiseWeightsBytes(join(path, '..'))).toBe(
      statSync(blockwiseWeightsPath(path, 'whole')).size,
    );
    const largest = Math.max(...asExported.map(Math.abs));
    const differences = asExported.map((value, index) => Math.abs(value - (blockwise[index] ?? NaN)));
    expect(Math.max(...differences)).toBeLessThan(largest * 0.1);
    expect(Math.max(...differences)).toBeGreaterThan(0);
  });

  it('rewrite an LM head whose zero points are mapped from the file (a vocabulary over 64k words)', async () => {
    const modelDir = await cachedRandomFixture({
      family: 'nllb',
      dims: { ...TINY_DIMS, vocabSize: 70_000 },
      seed: 7,
      precisions: ['quantized'],
    });
    const path = join(mkdtempSync(join(scratch, 'lm-head-')), 'decoder_model_merged_quantized.onnx');
    copyFileSync(join(modelDir, 'onnx', 'decoder_model_merged_quantized.onnx'), path);
    const split = splitMergedDecoder(mapWeightsInPlace(path)?.graph ?? new Uint8Array());
    const steps = split?.steps ?? new Uint8Array();
    const lmHead = decodeModel(steps).graph?.initializer?.find(
      (tensor) => tensor.name?.endsWith('_zero_point') === true && Number(tensor.dims?.[0]) === 70_000,
    );
    expect(lmHead?.dataLocation).toBe(1);
    const opTypes = decodeModel(await withBlockwiseProducts(steps, path, 'steps', fast)).graph?.node?.map(
      (node) => node.opType,
    );
    expect(opTypes).toContain('MatMulNBits');
    expect(opTypes).not.toContain('MatMulInteger');
  });

  it('build their weights once, and again when the model file changes or the built file is cut short', async () => {
    const path = await encoderCopy('cache');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    const groups = groupProducts(findQuantizedProducts(decodeModel(graph)));
    const reader = new WeightReader(join(path, '..'));
    onTestFinished(() => {
      reader.close();
    });
    const built = async () => (await blockwiseWeights(path, 'whole', groups, fast, reader))?.built;
    // A partial file of a process that has ended is removed; one of a process still running is its own to finish.
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const leftover = `${blockwiseWeightsPath(path, 'whole')}.partial-${ended}`;
    const another = `${blockwiseWeightsPath(path, 'whole')}.partial-${process.ppid}`;
    writeFileSync(leftover, 'from a load that crashed');
    writeFileSync(another, 'from a load still building');
    expect(await built()).toBe(true);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(another)).toBe(true);
    rmSync(another);
    expect(await built()).toBe(false);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(await built()).toBe(true);
    expect(await built()).toBe(false);
    truncateSync(blockwiseWeightsPath(path, 'whole'), 100);
    expect(await built()).toBe(true);
    expect(await built()).toBe(false);
    // Other weights in a file of the same size and time (copied with its times kept): the fingerprint differs.
    // (A copy: the decoded weights are views of the bytes they were decoded from.)
    const changed = groupProducts(findQuantizedProducts(decodeModel(Uint8Array.from(graph))));
    const firstWeight = changed[0]?.products[0]?.weight.rawData;
    expect(firstWeight?.length).toBeGreaterThan(0);
    if (firstWeight) firstWeight[0] = (firstWeight[0] ?? 0) ^ 1;
    expect((await blockwiseWeights(path, 'whole', changed, fast, reader))?.built).toBe(true);
    expect(await built()).toBe(true);
    expect(readdirSync(join(path, '..')).sort()).toEqual(
      [basename(path), basename(blockwiseWeightsPath(path, 'whole'))].sort(),
    );
  });

  it('lay the weights out on another thread, the event loop going on meanwhile', async () => {
    const path = await encoderCopy('off-thread');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    // Built on this thread, the file would be complete before the event loop's next turn.
    let builtByTheNextTurn: boolean | null = null;
    setImmediate(() => {
      builtByTheNextTurn = existsSync(blockwiseWeightsPath(path, 'whole'));
    });
    const rewritten = await withBlockwiseProducts(graph, path, 'whole', fast);
    expect(builtByTheNextTurn).toBe(false);
    expect(rewritten).not.toBe(graph);
    expect(existsSync(blockwiseWeightsPath(path, 'whole'))).toBe(true);
  });

  it('build a file once when two loads of one process ask for it at the same time', async () => {
    const path = await encoderCopy('twice');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      const both = await Promise.all([
        withBlockwiseProducts(graph, path, 'whole', fast),
        withBlockwiseProducts(graph, path, 'whole', fast),
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
      for (const rewritten of both) expect(rewritten).not.toBe(graph);
      expect(readdirSync(join(path, '..')).sort()).toEqual(
        [basename(path), basename(blockwiseWeightsPath(path, 'whole'))].sort(),
      );
    } finally {
      process.off('warning', listen);
    }
  });

  it('remove the partial file of a build under way when the process exits', async () => {
    const path = await encoderCopy('exit');
    const partial = `${blockwiseWeightsPath(path, 'whole')}.partial-`;
    // A process that starts the build and exits as soon as its partial file is there.
    const script = join(scratch, 'exit-during-build.mts');
    writeFileSync(
      script,
      [
        `import { existsSync, readdirSync } from 'node:fs';`,
        `import { basename, dirname } from 'node:path';`,
        `import { withBlockwiseProducts } from ${JSON.stringify(new URL('./blockwise-graph.ts', import.meta.url).href)};`,
        `import { mapWeightsInPlace } from ${JSON.stringify(new URL('./mapped-weights.ts', import.meta.url).href)};`,
        `const path = ${JSON.stringify(path)};`,
        `const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();`,
        `const partialName = ${JSON.stringify(basename(partial))};`,
        `const seen = () => readdirSync(dirname(path)).some((name) => name.startsWith(partialName));`,
        `const watch = setInterval(() => { if (seen()) { console.log('partial seen'); process.exit(0); } }, 1);`,
        `await withBlockwiseProducts(graph, path, 'whole', () => Promise.resolve(true));`,
        `clearInterval(watch);`,
        `console.log(existsSync(path) ? 'built before it was seen' : 'no model');`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('partial seen');
    expect(readdirSync(join(path, '..')).filter((name) => name.includes('.partial-'))).toEqual([]);
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
      // Nothing of the attempt is left beside the model.
      expect(readdirSync(join(path, '..')).filter((name) => name.includes('.partial-'))).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.join('\n')).toMatch(
        /blockwise products of .*encoder_model_quantized\.onnx cannot be used/,
      );
    } finally {
      process.off('warning', listen);
    }
  });

  it('leave the graph as exported where the runtime has no fast kernel, asking only before a build', async () => {
    const path = await encoderCopy('slow-kernel');
    const graph = mapWeightsInPlace(path)?.graph ?? new Uint8Array();
    expect(await withBlockwiseProducts(graph, path, 'whole', () => Promise.resolve(false))).toBe(graph);
    expect(existsSync(blockwiseWeightsPath(path, 'whole'))).toBe(false);
    // Once built (the probe said yes), a later load finds them and does not ask again.
    expect(await withBlockwiseProducts(graph, path, 'whole', fast)).not.toBe(graph);
    let asked = false;
    const probe = () => {
      asked = true;
      return Promise.resolve(false);
    };
    expect(await withBlockwiseProducts(graph, path, 'whole', probe)).not.toBe(graph);
    expect(asked).toBe(false);
  });
});
