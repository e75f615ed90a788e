import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encoderFeeds } from '../../test-support/encoder-feeds.ts';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS, type TransformerDims } from '../../tools/fixtures/random-transformer.ts';
import { mapWeightsInPlace } from './mapped-weights.ts';
import { createSession, floatData } from './onnx-runtime.ts';
import { TranslationModel } from './translation-model.ts';

/** Embedding and LM head of 2048 × 64 bytes: over the size worth mapping; the layers stay inline. */
const MAPPED_DIMS: TransformerDims = { ...TINY_DIMS, vocabSize: 2048, dModel: 64, ffn: 128 };
const threads = { intraOp: 1, interOp: 1 };

async function model(dims: TransformerDims): Promise<string> {
  return cachedRandomFixture({ family: 'nllb', dims, seed: 3, precisions: ['quantized'] });
}

describe('weights mapped from the model file', () => {
  it('leaves a model without large 8-bit weights to be loaded from its path', async () => {
    const modelDir = await model(TINY_DIMS);
    expect(mapWeightsInPlace(join(modelDir, 'onnx', 'encoder_model_quantized.onnx'))).toBeNull();
  });

  it('points the large weights at their bytes in the file and computes exactly what the inline model does', async () => {
    const modelDir = await model(MAPPED_DIMS);
    const path = join(modelDir, 'onnx', 'encoder_model_quantized.onnx');
    const mapped = mapWeightsInPlace(path);
    // The embedding table (the encoder's only weight of 2048 × 64).
    expect(mapped?.mappedBytes).toBe(2048 * 64);
    expect(mapped?.graph.length).toBeLessThan(2048 * 64);
    const inline = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
    const fromMap = await createSession(path, threads);
    try {
      const feeds = encoderFeeds([5, 900, 1500, 2000, 2]);
      const expected = floatData((await inline.run(feeds))['last_hidden_state'] as ort.Tensor);
      const actual = floatData((await fromMap.run(feeds))['last_hidden_state'] as ort.Tensor);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    } finally {
      await inline.release();
      await fromMap.release();
    }
  });

  it('translates with a mapped merged decoder (split from its If, both parts reading the mapped weights)', async () => {
    const modelDir = await model(MAPPED_DIMS);
    expect(mapWeightsInPlace(join(modelDir, 'onnx', 'decoder_model_merged_quantized.onnx'))).not.toBeNull();
    const engine = await TranslationModel.load({
      modelDir,
      precision: 'quantized',
      layout: 'merged',
      threads,
    });
    try {
      const [result] = await engine.generate(
        [{ ids: [700, 800, 900, 2], target: 'fr', isCancelled: () => false }],
        { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 },
        6,
      );
      expect(result?.tokens.length).toBeGreaterThan(2);
    } finally {
      await engine.release();
    }
  });
});
