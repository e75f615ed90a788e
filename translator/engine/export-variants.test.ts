import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import type { ExportVariant, RandomFixtureOptions } from '../../tools/fixtures/write-random-fixture.ts';
import { loadReferenceModel, referenceIds } from '../../test-support/transformers-reference.ts';
import { TextTokenizer } from './tokenizer.ts';
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

/** The default NLLB fixture and one with the same weights in a variant layout, both precisions. */
async function defaultAndVariant(variant: ExportVariant): Promise<[string, string]> {
  const both = (): Pick<RandomFixtureOptions, 'family' | 'precisions'> => ({
    family: 'nllb',
    precisions: ['fp32', 'quantized'],
  });
  return [await fixture(both()), await fixture({ ...both(), variant })];
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

describe('language tokens', () => {
  it('M2M100 (model_type m2m_100, `__fr__` tokens) is told apart from NLLB and forced with `__fr__`', async () => {
    const modelDir = await fixture({ family: 'nllb', variant: { m2m100: true } });
    const tokenizer = await TextTokenizer.load(modelDir);
    const model = await load(modelDir);
    expect(model.supports('en', 'fr')).toBe(true);
    expect(model.supports('pt-BR', 'zh-TW')).toBe(true);
    const ids = model.encoderInput({ text: 'hello', source: 'en', target: 'fr' });
    expect(ids[0]).toBe(tokenizer.idOf('__en__'));
    const french = tokenizer.idOf('__fr__');
    const [ours] = await model.generate([{ ids, target: 'fr', isCancelled: never }], greedy, MAX_LENGTH);
    expect(ours?.tokens.slice(0, 2)).toEqual([2, french]);
    expect(ours?.tokens).toEqual(await referenceGreedy(modelDir, ids, french));
    const [translated] = await model.translate([
      { text: 'hello', source: 'en', target: 'fr', isCancelled: never },
    ]);
    expect(translated?.tokens[1]).toBe(french);
    await model.release();
  });

  it('a multi-target opus-mt model gets its pairs from its name and the `>>xx<<` token first', async () => {
    const modelDir = await fixture({
      family: 'marian',
      variant: {
        targetTokens: ['fr', 'es', 'por'],
        config: { _name_or_path: 'Helsinki-NLP/opus-mt-en-ROMANCE' },
      },
    });
    const tokenizer = await TextTokenizer.load(modelDir);
    const model = await load(modelDir);
    expect(model.supports('en', 'fr')).toBe(true);
    // The Tatoeba models spell targets in ISO 639-3.
    expect(model.supports('en', 'pt-BR')).toBe(true);
    expect(model.supports('en', 'de')).toBe(false);
    expect(model.supports('de', 'fr')).toBe(false);
    const ids = model.encoderInput({ text: 'hello', source: 'en', target: 'pt' });
    expect(ids[0]).toBe(tokenizer.idOf('>>por<<'));
    expect(model.encoderInput({ text: 'hello', source: 'en', target: 'fr' })[0]).toBe(
      tokenizer.idOf('>>fr<<'),
    );
    const [ours] = await model.generate([{ ids, target: 'pt', isCancelled: never }], greedy, MAX_LENGTH);
    expect(ours?.tokens).toEqual(await referenceGreedy(modelDir, ids));
    await model.release();
  });

  it('a single-pair opus-mt override knows its pair from the repository name', async () => {
    const modelDir = await fixture({ family: 'marian' });
    const model = await load(modelDir, { repo: 'Xenova/opus-mt-en-de' });
    expect(model.supports('en', 'de')).toBe(true);
    expect(model.supports('en', 'fr')).toBe(false);
    expect(model.encoderInput({ text: 'hello', source: 'en', target: 'de' })).toEqual(
      (await TextTokenizer.load(modelDir)).encode('hello').concat([0]),
    );
    await model.release();
  });
});

describe('session shapes', () => {
  it('the step-0 past takes its shape from the session: a head size that is not d_model / heads', async () => {
    // 4 heads of 12 over d_model 32: config arithmetic would say 8.
    const modelDir = await fixture({ family: 'nllb', dims: { ...TINY_DIMS, headDim: 12 } });
    const merged = await load(modelDir);
    const split = await load(modelDir, { layout: 'split' });
    const ids = [5, 60, 61, 62, 63, 2];
    const row = { ids, target: 'fr', isCancelled: never };
    const [ours] = await merged.generate([row], greedy, MAX_LENGTH);
    const [oursSplit] = await split.generate([row], greedy, MAX_LENGTH);
    expect(oursSplit?.tokens).toEqual(ours?.tokens);
    expect(ours?.tokens).toEqual(await referenceGreedy(modelDir, ids, ours?.tokens[1]));
    expect(new Set(ours?.tokens).size).toBeGreaterThan(3);
    await merged.release();
    await split.release();
  });
});

describe('external data', () => {
  it('an export whose weights live in *.onnx_data files loads and decodes like the same weights inline', async () => {
    const [inline, external] = await defaultAndVariant({ externalData: true });
    expect(
      (await stat(join(external, 'onnx', 'decoder_model_merged_quantized.onnx_data'))).size,
    ).toBeGreaterThan((await stat(join(external, 'onnx', 'decoder_model_merged_quantized.onnx'))).size);
    const row = { ids: [5, 60, 61, 62, 63, 2], target: 'fr', isCancelled: never };
    for (const precision of ['fp32', 'quantized'] as const) {
      for (const layout of ['merged', 'split'] as const) {
        const ours = await load(external, { precision, layout });
        const theirs = await load(inline, { precision, layout });
        const [fromExternal] = await ours.generate([row], greedy, MAX_LENGTH);
        const [fromInline] = await theirs.generate([row], greedy, MAX_LENGTH);
        expect(fromExternal?.tokens).toEqual(fromInline?.tokens);
        await ours.release();
        await theirs.release();
      }
    }
  });
});

describe('model inputs', () => {
  it.each(['merged', 'split'] as const)(
    'a %s decoder input the engine cannot fill is named when the model loads',
    async (layout) => {
      const modelDir = await fixture({ family: 'nllb', variant: { extraDecoderInput: 'cache_position' } });
      const file = layout === 'merged' ? 'onnx/decoder_model_merged.onnx' : 'onnx/decoder_model.onnx';
      await expect(load(modelDir, { layout })).rejects.toThrow(
        `${file} declares the input "cache_position", which the engine cannot fill`,
      );
    },
  );
});

describe('decoder without past', () => {
  it('an export with only decoder_model (logits out, no cache) decodes like the cached layouts, greedy and beam', async () => {
    const [cached, withoutPast] = await defaultAndVariant({ decoderWithoutPast: true });
    const rows = [
      { ids: [5, 60, 61, 62, 63, 2], target: 'fr', isCancelled: never },
      { ids: [7, 100, 150, 2], target: 'de', isCancelled: never },
    ];
    const ours = await TranslationModel.load({ modelDir: withoutPast, precision: 'fp32', threads });
    expect(ours.layout).toBe('no-past');
    const reference = await load(cached);
    for (const numBeams of [1, 3]) {
      const decoding = { ...greedy, numBeams };
      for (const batch of [rows.slice(0, 1), rows.slice(1), rows]) {
        const fromPrefix = await ours.generate(batch, decoding, MAX_LENGTH);
        const fromCache = await reference.generate(batch, decoding, MAX_LENGTH);
        expect(fromPrefix.map((output) => output?.tokens)).toEqual(fromCache.map((output) => output?.tokens));
      }
    }
    await ours.release();
    await reference.release();
    // Quantized, the whole prefix shares one activation scale per step (DynamicQuantizeLinear), so its numbers
    // differ from a cached run's, as a real export's would: it must decode, not match.
    const quantized = await TranslationModel.load({ modelDir: withoutPast, precision: 'quantized', threads });
    const [output] = await quantized.generate(rows.slice(0, 1), greedy, MAX_LENGTH);
    expect(output?.tokens).toHaveLength(MAX_LENGTH);
    await quantized.release();
  });
});
