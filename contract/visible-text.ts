import { z } from 'zod';

/**
 * Characters that change how text around them is displayed without being seen: C0/C1 controls, the
 * bidirectional embeddings, overrides and isolates (U+202E makes "gnp.exe" read "exe.png"), and the
 * zero-width characters that make a name look like someone else's.
 */
const HIDDEN_IN_NAMES = /[\p{Cc}\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** A character that draws something: not a space, not a control or format character, not a blank glyph. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Z}\p{M}\u034F\u115F\u1160\u2800\u3164\uFFA0]/u;

export function hasVisibleContent(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * A name people are shown (display name, group title): no hidden characters, and something to see.
 * The joiner U+200D stays allowed: emoji sequences need it.
 */
export function nameSchema(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine((text) => !HIDDEN_IN_NAMES.test(text), 'must not contain control or direction characters')
    .refine(hasVisibleContent, 'must contain visible characters');
}
