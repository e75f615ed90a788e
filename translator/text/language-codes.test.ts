import { describe, expect, it } from 'vitest';
import { toNllbCode, UnsupportedLanguageError } from './language-codes.ts';
import { MEESHY_LANGUAGES, NLLB_LANGUAGE_CODES } from './nllb-languages.ts';

describe('toNllbCode', () => {
  it('maps every one of Meeshy’s 40 languages to an NLLB code', () => {
    const mapped = MEESHY_LANGUAGES.map((code) => toNllbCode(code));
    expect(new Set(mapped).size).toBe(40);
    for (const code of mapped) expect(NLLB_LANGUAGE_CODES).toContain(code);
  });

  it('picks the script a region writes in, and accepts explicit scripts and cases', () => {
    expect(toNllbCode('zh')).toBe('zho_Hans');
    expect(toNllbCode('zh-TW')).toBe('zho_Hant');
    expect(toNllbCode('zh-hant')).toBe('zho_Hant');
    expect(toNllbCode('pt-BR')).toBe('por_Latn');
    expect(toNllbCode('PT-br')).toBe('por_Latn');
    expect(toNllbCode('ks-Deva')).toBe('kas_Deva');
    expect(toNllbCode('ar')).toBe('arb_Arab');
    expect(toNllbCode('no')).toBe('nob_Latn');
  });

  it('reaches NLLB languages without a two-letter code through ISO 639-3', () => {
    expect(toNllbCode('ace')).toBe('ace_Latn');
    expect(toNllbCode('yue')).toBe('yue_Hant');
  });

  it('reaches every NLLB language through its ISO 639-3 code and script', () => {
    for (const code of NLLB_LANGUAGE_CODES) {
      const [language = '', script = ''] = code.split('_');
      expect(toNllbCode(`${language}-${script}`)).toBe(code);
    }
  });

  it('refuses unknown codes instead of defaulting', () => {
    for (const code of ['xx', 'klingon', '', 'en-Cyrl', 'e1']) {
      expect(() => toNllbCode(code)).toThrow(UnsupportedLanguageError);
    }
  });
});
