import { LIMITS } from '../../../../../contract/limits.ts';

/** Shown once this close to the limit, so the writer sees it coming rather than hitting it. */
export const WARN_REMAINING = 200;

/**
 * Counts the text as the writer sees it, code points (an emoji once) with each mention as the `@Name` shown,
 * which is how the server counts the sent text against the limit (contract/mentions.ts `readLength`).
 */
export function charCount(text: string): { length: number; remaining: number; show: boolean; over: boolean } {
  const length = Array.from(text).length;
  const remaining = LIMITS.messageMaxLength - length;
  return { length, remaining, show: remaining <= WARN_REMAINING, over: remaining < 0 };
}
