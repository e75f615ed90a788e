import { describe, expect, it } from 'vitest';
import {
  cachedLexiconFixture,
  cachedRandomFixture,
  readFixtureJson,
} from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import {
  loadReferenceTokenizer,
  referenceEncode,
  referenceTranslationInput,
} from '../../test-support/transformers-reference.ts';
import { TranslationModel } from './translation-model.ts';

/**
 * The engine builds its encoder input and forced target token itself; they must be what the transformers.js
 * tokenizer builds for the same text and languages, not merely what the engine's own fixtures expect.
 */
const threads = { intraOp: 1, interOp: 1 };
const greedy = { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 };
const texts = ['the cat drinks water', 'hello my friend, good morning!', 'Unknown Words stay.'];

async function forcedTarget(
  model: TranslationModel,
  ids: number[],
  target: string,
): Promise<number | undefined> {
  const [output] = await model.generate([{ ids, target, isCancelled: () => false }], greedy, 3);
  return output?.tokens[1];
}

describe('encoder input and forced target token against the transformers.js tokenizer', () => {
  it.each([
    [
      'NLLB',
      () => cachedLexiconFixture({ family: 'nllb' }),
      { en: 'eng_Latn', fr: 'fra_Latn', es: 'spa_Latn' },
    ],
    [
      'M2M100',
      () =>
        cachedRandomFixture({
          family: 'nllb',
          dims: TINY_DIMS,
          seed: 11,
          precisions: ['fp32'],
          variant: { m2m100: true },
        }),
      { en: 'en', fr: 'fr', es: 'es' },
    ],
  ] as const)('%s', async (_name, fixture, codes) => {
    const modelDir = await fixture();
    const model = await TranslationModel.load({ modelDir, precision: 'fp32', threads });
    const tokenizer = await loadReferenceTokenizer(modelDir);
    for (const text of texts) {
      for (const [source, target] of [
        ['en', 'fr'],
        ['fr', 'es'],
      ] as const) {
        const ours = model.encoderInput({ text, source, target });
        const theirs = referenceTranslationInput(tokenizer, text, {
          src_lang: codes[source],
          tgt_lang: codes[target],
        });
        expect(ours, `${text} ${source}→${target}`).toEqual(theirs.ids);
        expect(await forcedTarget(model, ours, target)).toBe(theirs.forcedTarget);
      }
    }
    await model.release();
  });

  it('NLLB in the real tokenizer form (Precompiled normalizer, BPE): accents, NFKC forms, unknown characters', async () => {
    const modelDir = await cachedLexiconFixture({ family: 'nllb' });
    const model = await TranslationModel.load({ modelDir, precision: 'fp32', threads });
    const tokenizer = await loadReferenceTokenizer(modelDir);
    const languages = { src_lang: 'spa_Latn', tgt_lang: 'fra_Latn' };
    const ours = (text: string) => model.encoderInput({ text, source: 'es', target: 'fr' });
    // Each variant must normalize to the plain text's ids: composed accents, NFKC compatibility forms, spaces.
    const variants: [string, string][] = [
      ['di\u0301a pequen\u0303o si\u0301', 'día pequeño sí'],
      ['ｔｈｅ ｃａｔ ﬁne…', 'the cat fine...'],
      ['the\u00a0cat\u3000drinks \t water', 'the cat drinks water'],
      ['Hola Mi AMIGO', 'hola mi amigo'],
    ];
    for (const [variant, plain] of variants) {
      expect(ours(variant), variant).toEqual(referenceTranslationInput(tokenizer, variant, languages).ids);
      expect(ours(variant), variant).toEqual(ours(plain));
    }
    // Characters outside the vocabulary are one (fused) <unk>; control characters are removed.
    const unknown = '漢字 el gato 🙂\u0007!';
    const ids = ours(unknown);
    expect(ids).toEqual(referenceTranslationInput(tokenizer, unknown, languages).ids);
    const { model: bpe } = (await readFixtureJson(modelDir, 'tokenizer.json')) as {
      model: { vocab: Record<string, number> };
    };
    const unk = bpe.vocab['<unk>'];
    expect(ids.filter((id) => id === unk)).toHaveLength(2);
    expect(ids).toEqual(ours('漢 el gato 🙂!'));
    await model.release();
  });

  it('T5: the task prompt the tokenizer builds', async () => {
    const modelDir = await cachedLexiconFixture({ family: 't5' });
    const model = await TranslationModel.load({ modelDir, precision: 'fp32', threads });
    const tokenizer = await loadReferenceTokenizer(modelDir);
    for (const text of texts) {
      expect(model.encoderInput({ text, source: 'en', target: 'fr' }), text).toEqual(
        referenceEncode(tokenizer, `translate English to French: ${text}`),
      );
    }
    await model.release();
  });

  it('multi-target Marian: the `>>fra<<` token first, as the tokenizer reads it off the text', async () => {
    const modelDir = await cachedRandomFixture({
      family: 'marian',
      dims: TINY_DIMS,
      seed: 11,
      precisions: ['fp32'],
      variant: { targetTokens: ['fra', 'spa'] },
    });
    const model = await TranslationModel.load({ modelDir, precision: 'fp32', threads });
    const tokenizer = await loadReferenceTokenizer(modelDir);
    for (const text of texts) {
      expect(model.encoderInput({ text, source: 'en', target: 'fr' }), text).toEqual(
        referenceEncode(tokenizer, `>>fra<< ${text}`),
      );
    }
    await model.release();
  });
});
