import { LIMITS } from '../../../../../contract/limits.ts';

/** Shown once this close to the limit, so the writer sees it coming rather than hitting it. */
export const WARN_REMAINING = 200;

/** Counts code points, as the server does, so an emoji counts once here and there. */
export function charCount(text: string): { length: number; remaining: number; show: boolean; over: boolean } {
  const length = Array.from(text).length;
  const remaining = LIMITS.messageMaxLength - length;
  return { length, remaining, show: remaining <= WARN_REMAINING, over: remaining < 0 };
}
