import type { Translate } from '../../i18n/i18n.ts';
import { ApiError } from '../../lib/api/apiError.ts';

/** The server's message plus the fields it rejected, for a form's error line. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const details = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return details === '' ? error.message : `${error.message} (${details})`;
  }
  return t('common.error', { message: error instanceof Error ? error.message : String(error) });
}
