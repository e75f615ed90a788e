import { describe, expect, it } from 'vitest';
import { cachedLexiconFixture, cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import { InputTooLongError, outputBudget, TranslationModel } from './translation-model.ts';

const never = () => false;
const threads = { intraOp: 1, interOp: 1 };

describe.each(['nllb', 't5'] as const)('%s lexicon model through the engine', (family) => {
  it.each([
    ['merged', 'fp32'],
    ['merged', 'quantized'],
    ['split', 'fp32'],
    ['split', 'quantized'],
  ] as const)('translates word by word (%s decoder, %s)', async (layout, precision) => {
    const model = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family }),
      precision,
      layout,
      threads,
    });
    expect(model.layout).toBe(layout);
    const results = await model.translate([
      { text: 'The cat drinks water.', source: 'en', target: 'fr', isCancelled: never },
      { text: 'hello my friend', source: 'en', target: 'es', isCancelled: never },
      { text: 'le grand chien mange', source: 'fr', target: 'en', isCancelled: never },
    ]);
    expect(results.map((result) => result?.text)).toEqual([
      'le chat boit eau.',
      'hola mi amigo',
      'the big dog eats',
    ]);
    for (const result of results) expect(result?.confidence).toBeGreaterThan(0.9);
    await model.release();
  });

  it.each(['fp32', 'quantized'] as const)(
    'beam search finds the same translations as greedy search on the lexicon (%s)',
    async (precision) => {
      const model = await TranslationModel.load({
        modelDir: await cachedLexiconFixture({ family }),
        precision,
        threads,
      });
      const results = await model.translate(
        [
          { text: 'yes and no', source: 'en', target: 'fr', isCancelled: never },
          { text: 'gracias amigo', source: 'es', target: 'en', isCancelled: never },
        ],
        { numBeams: 4, noRepeatNgramSize: 0, lengthPenalty: 1 },
      );
      expect(results.map((result) => result?.text)).toEqual(['oui et non', 'thanks friend']);
      await model.release();
    },
  );
});

describe('generation limits', () => {
  it('the repetition guard stops a repeated n-gram and max length caps the output', async () => {
    const model = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family: 'nllb' }),
      precision: 'fp32',
      threads,
    });
    const item = { text: 'yes no yes no yes no', source: 'en', target: 'fr', isCancelled: never };
    const [unguarded] = await model.translate([item], {
      numBeams: 1,
      noRepeatNgramSize: 0,
      lengthPenalty: 1,
    });
    expect(unguarded?.text).toBe('oui non oui non oui non');
    const [guarded] = await model.translate([item], { numBeams: 1, noRepeatNgramSize: 2, lengthPenalty: 1 });
    expect(guarded?.text.startsWith('oui non oui')).toBe(true);
    expect(guarded?.text).not.toContain('oui non oui non');
    // Start token, forced language token, then two words.
    const [short] = await model.translate([item], { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 }, 4);
    expect(short?.text).toBe('oui non');
    await model.release();
  });

  it('caps the output of a model that never ends at three times the input plus ten', async () => {
    const modelDir = await cachedRandomFixture({
      family: 'nllb',
      dims: { ...TINY_DIMS, maxPositions: 128 },
      seed: 3,
      precisions: ['fp32'],
    });
    const model = await TranslationModel.load({ modelDir, precision: 'fp32', threads });
    const [result] = await model.translate(
      [{ text: 'w1 w2', source: 'en', target: 'fr', isCancelled: never }],
      {
        numBeams: 1,
        noRepeatNgramSize: 0,
        lengthPenalty: 1,
      },
    );
    // Input: language token, two words, end token = 4 tokens → at most 22 decoder tokens.
    expect(result?.tokens.length).toBe(outputBudget(4));
    await model.release();
  });

  it('refuses an input longer than the model positions', async () => {
    const model = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family: 'nllb' }),
      precision: 'fp32',
      threads,
    });
    const text = Array.from({ length: 80 }, () => 'cat').join(' ');
    expect(() => model.encoderInput({ text, source: 'en', target: 'fr' })).toThrow(InputTooLongError);
    await model.release();
  });

  it('a cancelled row stops and comes back as null while the others finish', async () => {
    const model = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family: 'nllb' }),
      precision: 'fp32',
      threads,
    });
    const results = await model.translate([
      { text: 'the cat', source: 'en', target: 'fr', isCancelled: () => true },
      { text: 'the dog', source: 'en', target: 'fr', isCancelled: never },
    ]);
    expect(results[0]).toBeNull();
    expect(results[1]?.text).toBe('le chien');
    await model.release();
  });
});

describe('language support', () => {
  it('NLLB knows every language it has a token for; T5 only its task prefixes', async () => {
    const nllb = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family: 'nllb' }),
      precision: 'fp32',
      threads,
    });
    const t5 = await TranslationModel.load({
      modelDir: await cachedLexiconFixture({ family: 't5' }),
      precision: 'fp32',
      threads,
    });
    expect(nllb.supports('en', 'ja')).toBe(true);
    expect(nllb.supports('pt-BR', 'zh-TW')).toBe(true);
    expect(t5.supports('en', 'fr')).toBe(true);
    expect(t5.supports('en', 'ja')).toBe(false);
    await nllb.release();
    await t5.release();
  });
});
