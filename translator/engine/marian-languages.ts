import { baseLanguage, isSupportedLanguage } from '../text/language-codes.ts';

/** What an opus-mt model's name says it translates; null on a side means a language group (ROMANCE, mul, zle). */
export interface OpusMtLanguages {
  source: string | null;
  target: string | null;
}

const OPUS_MT_NAME = /opus-mt-(?:tc-(?:big|base)-)?([A-Za-z_]+)-([A-Za-z_]+)$/;

function side(code: string): string | null {
  return isSupportedLanguage(code) ? baseLanguage(code) : null;
}

/**
 * Reads the pair from a Helsinki-NLP repository name ("Helsinki-NLP/opus-mt-en-fr" → en → fr,
 * "opus-mt-en-ROMANCE" → en → a group). Null when the name is not an opus-mt one.
 */
export function opusMtLanguages(name: string): OpusMtLanguages | null {
  const match = OPUS_MT_NAME.exec(name.trim().replace(/\/+$/, ''));
  if (match === null) return null;
  return { source: side(match[1] ?? ''), target: side(match[2] ?? '') };
}
