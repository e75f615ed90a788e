import { baseLanguage, isSupportedLanguage, toNllbCode } from '../text/language-codes.ts';
import type { ModelFamily } from './model-config.ts';
import type { TextTokenizer } from './tokenizer.ts';

/**
 * How a model's vocabulary names languages, which decides how a pair is asked for:
 * - `nllb`: FLORES-200 tokens (`fra_Latn`), the source one first in the encoder input, the target one forced;
 * - `m2m100`: the same places, with M2M100's ISO 639-1 tokens (`__fr__`);
 * - `marian-target`: a multi-target opus-mt model, whose encoder input starts with the target token (`>>fra<<`);
 * - `none`: the model (single-pair Marian, T5) needs no language token.
 * Both M2M100 and NLLB exports say `model_type: m2m_100`; only the vocabulary tells them apart.
 */
export type LanguageTokenStyle = 'nllb' | 'm2m100' | 'marian-target' | 'none';

const MARIAN_TARGET_TOKEN = /^>>[\w-]+<<$/;

export function languageTokenStyle(family: ModelFamily, tokenizer: TextTokenizer): LanguageTokenStyle {
  if (family === 'nllb')
    return tokenizer.idOf('eng_Latn') === undefined && tokenizer.idOf('__en__') !== undefined
      ? 'm2m100'
      : 'nllb';
  if (family === 'marian' && tokenizer.tokensMatching(MARIAN_TARGET_TOKEN).length > 0) return 'marian-target';
  return 'none';
}

/** The spellings a language's token may have in this style, most specific first. */
function candidates(style: LanguageTokenStyle, code: string): string[] {
  if (!isSupportedLanguage(code)) return [];
  const nllb = toNllbCode(code);
  const base = baseLanguage(code);
  const iso3 = nllb.split('_')[0] ?? base;
  switch (style) {
    case 'nllb':
      return [nllb];
    case 'm2m100':
      return [`__${base}__`];
    case 'marian-target':
      // opus-mt-en-ROMANCE writes `>>fr<<`, the Tatoeba models (opus-mt-en-mul) `>>fra<<`.
      return [`>>${base}<<`, `>>${iso3}<<`];
    case 'none':
      return [];
  }
}

/** The id of a language's token, or null when the model has none for it. */
export function languageTokenId(
  style: LanguageTokenStyle,
  tokenizer: TextTokenizer,
  code: string,
): number | null {
  for (const token of candidates(style, code)) {
    const id = tokenizer.idOf(token);
    if (id !== undefined) return id;
  }
  return null;
}
