import type { Translate } from '../../../i18n/i18n.ts';
import { ApiError } from '../../../lib/api/apiError.ts';

/** Why signing a device out failed, in the reader's words (the server's messages are for developers). */
export function deviceErrorText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('devices.error.generic');
  if (error.code === 'SESSION_NOT_FOUND') return t('devices.error.gone');
  if (error.code === 'NETWORK') return t('devices.error.network');
  return t('devices.error.generic');
}
