import { z } from 'zod';

/**
 * A language as users pick it: an ISO 639-1 (or 639-3 where no two-letter code exists) code, optionally
 * with a region or script (pt-BR, zh-TW, zh-Hant). Canonical case is applied so that "PT-br" and "pt-BR" match.
 */
export const languageCodeSchema = z
  .string()
  .trim()
  .regex(
    /^[a-zA-Z]{2,3}(-([a-zA-Z]{2}|[a-zA-Z]{4}|\d{3}))?$/,
    'must be a language code such as "en" or "pt-BR"',
  )
  .transform(canonicalLanguageCode);

export function canonicalLanguageCode(code: string): string {
  const [base = '', sub] = code.split('-');
  if (sub === undefined) return base.toLowerCase();
  const canonicalSub =
    sub.length === 4 ? sub.charAt(0).toUpperCase() + sub.slice(1).toLowerCase() : sub.toUpperCase();
  return `${base.toLowerCase()}-${canonicalSub}`;
}
