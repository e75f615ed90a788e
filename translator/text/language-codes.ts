import { canonicalLanguageCode } from '../../contract/languages.ts';
import { NLLB_LANGUAGE_CODES, type NllbLanguageCode } from './nllb-languages.ts';

export class UnsupportedLanguageError extends Error {
  constructor(readonly code: string) {
    super(`unsupported language "${code}"`);
    this.name = 'UnsupportedLanguageError';
  }
}

/**
 * ISO 639-1 → the ISO 639-3 code NLLB uses. Where NLLB has several varieties of a macrolanguage, the map
 * picks the standard one a user means by the two-letter code (ar → Modern Standard Arabic, fa → Western
 * Persian, ms → Standard Malay, sw → Swahili, no → Bokmål, lv → Standard Latvian).
 */
// prettier-ignore
const ISO_639_1_TO_NLLB_BASE: Readonly<Record<string, string>> = {
  af: 'afr', ak: 'aka', am: 'amh', ar: 'arb', as: 'asm', ay: 'ayr', az: 'azj', ba: 'bak', be: 'bel', bm: 'bam',
  bg: 'bul', bn: 'ben', bo: 'bod', bs: 'bos', ca: 'cat', cs: 'ces', cy: 'cym', da: 'dan', de: 'deu', dz: 'dzo', ee: 'ewe',
  el: 'ell', en: 'eng', eo: 'epo', es: 'spa', et: 'est', eu: 'eus', fa: 'pes', ff: 'fuv', fi: 'fin', fj: 'fij',
  fo: 'fao', fr: 'fra', ga: 'gle', gd: 'gla', gl: 'glg', gn: 'grn', gu: 'guj', ha: 'hau', he: 'heb', hi: 'hin',
  hr: 'hrv', ht: 'hat', hu: 'hun', hy: 'hye', id: 'ind', ig: 'ibo', is: 'isl', it: 'ita', ja: 'jpn', jv: 'jav',
  ka: 'kat', kg: 'kon', ki: 'kik', kk: 'kaz', km: 'khm', kn: 'kan', ko: 'kor', kr: 'knc', ks: 'kas', ku: 'kmr',
  ky: 'kir', lb: 'ltz', lg: 'lug', li: 'lim', ln: 'lin', lo: 'lao', lt: 'lit', lv: 'lvs', mg: 'plt', mi: 'mri',
  mk: 'mkd', ml: 'mal', mn: 'khk', mr: 'mar', ms: 'zsm', mt: 'mlt', my: 'mya', nb: 'nob', ne: 'npi', nl: 'nld',
  nn: 'nno', no: 'nob', ny: 'nya', oc: 'oci', om: 'gaz', or: 'ory', pa: 'pan', pl: 'pol', ps: 'pbt', pt: 'por',
  qu: 'quy', rn: 'run', ro: 'ron', ru: 'rus', rw: 'kin', sa: 'san', sc: 'srd', sd: 'snd', sg: 'sag', si: 'sin',
  sk: 'slk', sl: 'slv', sm: 'smo', sn: 'sna', so: 'som', sq: 'als', sr: 'srp', ss: 'ssw', st: 'sot', su: 'sun',
  sv: 'swe', sw: 'swh', ta: 'tam', te: 'tel', tg: 'tgk', th: 'tha', ti: 'tir', tk: 'tuk', tl: 'tgl', tn: 'tsn',
  tr: 'tur', ts: 'tso', tt: 'tat', tw: 'twi', ug: 'uig', uk: 'ukr', ur: 'urd', uz: 'uzn', vi: 'vie', wo: 'wol',
  xh: 'xho', yi: 'ydd', yo: 'yor', zh: 'zho', zu: 'zul', fil: 'tgl',
};

/** Script chosen when a code names a language NLLB has in several scripts and the user gave none. */
const DEFAULT_SCRIPT: Readonly<Record<string, string>> = {
  ace: 'Latn',
  bjn: 'Latn',
  kas: 'Arab',
  knc: 'Latn',
  taq: 'Latn',
  zho: 'Hans',
};

/** Regions whose everyday writing system differs from the language's default. */
const REGION_SCRIPT: Readonly<Record<string, string>> = {
  'zh-TW': 'Hant',
  'zh-HK': 'Hant',
  'zh-MO': 'Hant',
  'zh-CN': 'Hans',
  'zh-SG': 'Hans',
};

const SCRIPTS_BY_BASE = new Map<string, string[]>();
for (const code of NLLB_LANGUAGE_CODES) {
  const [base = '', script = ''] = code.split('_');
  SCRIPTS_BY_BASE.set(base, [...(SCRIPTS_BY_BASE.get(base) ?? []), script]);
}

/**
 * Maps a user-facing language code (ISO 639-1 or 639-3, optionally with a region or script: pt-BR,
 * zh-TW, zh-Hant, ks-Deva) to NLLB's FLORES-200 code. Unknown codes throw: a silent default would
 * translate into a language nobody asked for.
 */
export function toNllbCode(code: string): NllbLanguageCode {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?$/.test(code.trim())) throw new UnsupportedLanguageError(code);
  const canonical = canonicalLanguageCode(code.trim());
  const [language = '', subtag] = canonical.split('-');
  const base = ISO_639_1_TO_NLLB_BASE[language] ?? (language.length === 3 ? language : undefined);
  const scripts = base === undefined ? undefined : SCRIPTS_BY_BASE.get(base);
  if (base === undefined || scripts === undefined) throw new UnsupportedLanguageError(code);
  const requestedScript = subtag?.length === 4 ? subtag : REGION_SCRIPT[canonical];
  const script = requestedScript ?? DEFAULT_SCRIPT[base] ?? scripts[0];
  if (script === undefined || !scripts.includes(script)) throw new UnsupportedLanguageError(code);
  return `${base}_${script}` as NllbLanguageCode;
}

/** Every user-facing code the map knows (ISO 639-1), plus the region variant that changes the script. */
export function userLanguageCodes(): string[] {
  return [...Object.keys(ISO_639_1_TO_NLLB_BASE), 'zh-TW'].sort();
}

export function isSupportedLanguage(code: string): boolean {
  try {
    toNllbCode(code);
    return true;
  } catch {
    return false;
  }
}

/** The base language of a code, used where only the language matters (pt-BR → pt). */
export function baseLanguage(code: string): string {
  return canonicalLanguageCode(code.trim()).split('-')[0] ?? code;
}

const ENGLISH_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** English name of a language, as T5's task prefix spells it ("translate English to French: "). */
export function englishLanguageName(code: string): string {
  const name = ENGLISH_NAMES.of(baseLanguage(code));
  if (name === undefined) throw new UnsupportedLanguageError(code);
  return name;
}
