import { describe, expect, it } from 'vitest';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import type { RandomFixtureOptions } from '../../tools/fixtures/write-random-fixture.ts';
import { loadReferenceModel, referenceIds } from '../testing/transformers-reference.ts';
import { TranslationModel, type ModelLoadOptions } from './translation-model.ts';

/**
 * Layouts that real Hugging Face exports have and the default fixtures do not. Each model here is a random-weight
 * fixture in one such layout, run on real ONNX Runtime sessions and held to transformers.js token for token.
 */
const MAX_LENGTH = 12;
const greedy = { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 };
const threads = { intraOp: 1, interOp: 1 };
const never = () => false;

async function fixture(options: Partial<RandomFixtureOptions> & Pick<RandomFixtureOptions, 'family'>) {
  return cachedRandomFixture({ dims: TINY_DIMS, seed: 11, precisions: ['fp32'], ...options });
}

async function load(modelDir: string, extra: Partial<ModelLoadOptions> = {}) {
  return TranslationModel.load({ modelDir, precision: 'fp32', layout: 'merged', threads, ...extra });
}

/** The reference's greedy ids for the same encoder ids, the first generated token forced as the engine forced it. */
async function referenceGreedy(modelDir: string, ids: number[], forcedFirst?: number) {
  const reference = await loadReferenceModel(modelDir, 'fp32');
  return referenceIds(reference, ids, {
    max_length: MAX_LENGTH,
    num_beams: 1,
    do_sample: false,
    ...(forcedFirst === undefined ? {} : { forced_bos_token_id: forcedFirst }),
  });
}

describe('decoder start and forced end', () => {
  it('start falls back to bos_token_id, forced_eos_token_id ends the sequence, no generation_config.json', async () => {
    const modelDir = await fixture({
      family: 'marian',
      variant: {
        generationConfig: false,
        // bos (3 here) differs from pad, which the old fallback used.
        config: { decoder_start_token_id: null, bos_token_id: 3, forced_eos_token_id: 0 },
      },
    });
    const model = await load(modelDir, { pairs: ['en-fr'] });
    const ids = [5, 60, 61, 62, 63, 0];
    const [ours] = await model.generate([{ ids, target: 'fr', isCancelled: never }], greedy, MAX_LENGTH);
    expect(ours?.tokens[0]).toBe(3);
    expect(ours?.tokens).toHaveLength(MAX_LENGTH);
    expect(ours?.tokens.at(-1)).toBe(0);
    expect(ours?.tokens).toEqual(await referenceGreedy(modelDir, ids));
    await model.release();
  });
});
