import { francAll } from 'franc';
import { MEESHY_LANGUAGES } from './nllb-languages.ts';

export interface LanguageCandidate {
  language: string;
  score: number;
}

export interface Detection {
  /** ISO 639-1 code, or null when no language reaches the confidence threshold. */
  language: string | null;
  /** Gap between the best and the second-best candidate (franc scores the best 1). */
  confidence: number;
  reliable: boolean;
  candidates: LanguageCandidate[];
}

export interface DetectorOptions {
  /** Below this confidence the detector answers "unknown" rather than guess. */
  threshold: number;
  /** Fewer letters than this are never trusted. */
  minLetters: number;
  /** ISO 639-1 codes the detector chooses among. */
  languages: readonly string[];
}

/**
 * franc names languages in ISO 639-3, sometimes with the individual language where NLLB and users say the
 * macrolanguage (Mandarin for Chinese, Standard Malay for Malay). This maps them back to ISO 639-1.
 */
// prettier-ignore
const FRANC_TO_ISO_639_1: Readonly<Record<string, string>> = {
  afr: 'af', arb: 'ar', bul: 'bg', ben: 'bn', ces: 'cs', dan: 'da', deu: 'de', ell: 'el', eng: 'en', spa: 'es',
  pes: 'fa', fin: 'fi', fra: 'fr', heb: 'he', hin: 'hi', hrv: 'hr', hun: 'hu', hye: 'hy', ind: 'id', ibo: 'ig',
  ita: 'it', jpn: 'ja', kor: 'ko', lin: 'ln', lit: 'lt', zlm: 'ms', nld: 'nl', nob: 'no', pol: 'pl', por: 'pt',
  ron: 'ro', rus: 'ru', swe: 'sv', swh: 'sw', tha: 'th', tur: 'tr', ukr: 'uk', urd: 'ur', vie: 'vi', cmn: 'zh',
  cat: 'ca', slk: 'sk', slv: 'sl', srp: 'sr', bos: 'bs', mkd: 'mk', bel: 'be', kaz: 'kk', uzn: 'uz', azj: 'az',
  kat: 'ka', tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', npi: 'ne', sin: 'si',
  mya: 'my', khm: 'km', lao: 'lo', amh: 'am', som: 'so', hau: 'ha', yor: 'yo', zul: 'zu', xho: 'xh', kin: 'rw',
  tgl: 'tl', jav: 'jv', sun: 'su', ceb: 'ceb', est: 'et', ekk: 'et', lvs: 'lv', eus: 'eu', glg: 'gl', isl: 'is',
  gle: 'ga', cym: 'cy', mlt: 'mt', als: 'sq', tat: 'tt', tuk: 'tk', kir: 'ky', tgk: 'tg', khk: 'mn', pbu: 'ps',
  snd: 'sd', ory: 'or', asm: 'as', nya: 'ny', sna: 'sn', lug: 'lg', plt: 'mg', epo: 'eo', ltz: 'lb', oci: 'oc',
};

const ISO_TO_FRANC = new Map<string, string[]>();
for (const [franc, iso] of Object.entries(FRANC_TO_ISO_639_1)) {
  ISO_TO_FRANC.set(iso, [...(ISO_TO_FRANC.get(iso) ?? []), franc]);
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  threshold: 0.05,
  minLetters: 4,
  languages: MEESHY_LANGUAGES,
};

/** Removes what says nothing about the language: URLs, mentions, code, emoji, digits. */
export function languageBearingText(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/[@#][\p{L}\p{N}_.-]+/gu, ' ')
    .replace(/[\p{Extended_Pictographic}\p{N}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function detectLanguage(text: string, options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Detection {
  const cleaned = languageBearingText(text);
  const letters = cleaned.match(/\p{L}/gu)?.length ?? 0;
  const only = options.languages.flatMap((language) => ISO_TO_FRANC.get(language) ?? []);
  const ranked =
    letters === 0
      ? []
      : francAll(cleaned, { only, minLength: 1 })
          .filter(([code]) => code !== 'und')
          .map(([code, score]) => ({ language: FRANC_TO_ISO_639_1[code] ?? code, score }));
  const candidates: LanguageCandidate[] = [];
  for (const candidate of ranked) {
    if (!candidates.some((existing) => existing.language === candidate.language)) candidates.push(candidate);
  }
  const best = candidates[0];
  const confidence = best === undefined ? 0 : best.score - (candidates[1]?.score ?? 0);
  const language =
    best !== undefined && letters >= options.minLetters && confidence >= options.threshold
      ? best.language
      : null;
  return {
    language,
    reliable: language !== null,
    confidence,
    candidates: candidates.slice(0, 5),
  };
}
