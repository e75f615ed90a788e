import { describe, expect, it } from 'vitest';
import { cachedLexiconFixture } from '../../tools/fixtures/fixture-cache.ts';
import { parseLexiconText } from '../../tools/fixtures/lexicon.ts';
import type { FixtureFamily } from '../../tools/fixtures/vocabulary.ts';
import {
  loadReferenceModel,
  loadReferenceTokenizer,
  referenceEncode,
  referenceIds,
  referenceTranslationInput,
} from '../../test-support/transformers-reference.ts';
import { TranslationModel } from './translation-model.ts';

/**
 * The engine's decoding must match the reference implementation token for token. transformers.js loads only the
 * merged decoder layout, so that is the layout compared here; the split layout is held to the merged one in
 * translation-model.test.ts.
 *
 * transformers.js 4.3.1 accepts num_beams but keeps only the top token of each row at each step (its generate loop
 * takes the sampler's first candidate), so its "beam" output is greedy. The 3-beam rows hold because a lexicon
 * model's beam and greedy results agree; on random weights, where they do not, transformers.js is no beam
 * reference.
 */
const sentences: { text: string; source: string; target: string }[] = [
  { text: 'the cat drinks water', source: 'en', target: 'fr' },
  { text: 'hello my friend, good morning!', source: 'en', target: 'es' },
  { text: 'le petit chien mange du pain', source: 'fr', target: 'en' },
  { text: 'unknown words stay as they are', source: 'en', target: 'fr' },
];

const marianLexicon = parseLexiconText('en', 'de', 'the\tdie\ncat\tkatze\ndrinks\ttrinkt\nwater\twasser\n');

async function fixtureFor(family: FixtureFamily): Promise<string> {
  return family === 'marian'
    ? cachedLexiconFixture({ family, lexicons: [marianLexicon] })
    : cachedLexiconFixture({ family });
}

describe.each(['nllb', 't5', 'marian'] as const)('%s fixture against transformers.js', (family) => {
  it.each([
    ['fp32', 1],
    ['quantized', 1],
    ['fp32', 3],
    ['quantized', 3],
  ] as const)('token ids match (%s, merged decoder, %i beams)', async (precision, numBeams) => {
    const modelDir = await fixtureFor(family);
    const model = await TranslationModel.load({
      modelDir,
      precision,
      layout: 'merged',
      threads: { intraOp: 1, interOp: 1 },
      pairs: ['en-de'],
    });
    const reference = await loadReferenceModel(modelDir, precision);
    const tokenizer = await loadReferenceTokenizer(modelDir);
    const nllbCodes: Record<string, string> = { en: 'eng_Latn', fr: 'fra_Latn', es: 'spa_Latn' };
    // T5's task prefix names the languages in English.
    const names: Record<string, string> = { en: 'English', fr: 'French', es: 'Spanish' };
    /** What transformers.js itself feeds for the sentence: its tokenizer's ids, and its forced target token. */
    const referenceInput = (sentence: { text: string; source: string; target: string }) => {
      if (family === 'nllb') {
        const built = referenceTranslationInput(tokenizer, sentence.text, {
          src_lang: nllbCodes[sentence.source] ?? '',
          tgt_lang: nllbCodes[sentence.target] ?? '',
        });
        return { ids: built.ids, forced: { forced_bos_token_id: built.forcedTarget } };
      }
      const prompt =
        family === 't5'
          ? `translate ${names[sentence.source] ?? ''} to ${names[sentence.target] ?? ''}: ${sentence.text}`
          : sentence.text;
      return { ids: referenceEncode(tokenizer, prompt), forced: {} };
    };
    const cases =
      family === 'marian' ? [{ text: 'the cat drinks water', source: 'en', target: 'de' }] : sentences;
    for (const sentence of cases) {
      const ids = model.encoderInput(sentence);
      const [ours] = await model.generate([{ ids, target: sentence.target, isCancelled: () => false }], {
        numBeams,
        noRepeatNgramSize: 0,
        lengthPenalty: 1,
      });
      const theirInput = referenceInput(sentence);
      expect(ids).toEqual(theirInput.ids);
      const forced = theirInput.forced;
      const theirIds = await referenceIds(reference, theirInput.ids, {
        max_length: 40,
        num_beams: numBeams,
        early_stopping: true,
        length_penalty: 1,
        do_sample: false,
        ...forced,
      });
      expect(ours?.tokens).toEqual(theirIds);
      // A translation happened: more than the start, forced and end tokens.
      expect(ours?.tokens.length).toBeGreaterThan(3);
    }
    await model.release();
  });
});
