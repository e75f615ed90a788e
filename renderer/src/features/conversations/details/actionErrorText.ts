import type { Translate } from '../../../i18n/i18n.ts';
import { ApiError } from '../../../lib/api/apiError.ts';

/**
 * A failed group action in the reader's words. The server's own messages are English and written for
 * developers ("Your role (member) cannot …"); the codes are what the interface can explain.
 */
export function actionErrorText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('details.error.generic');
  switch (error.code) {
    case 'FORBIDDEN':
      return t('details.error.forbidden');
    case 'CONVERSATION_NOT_FOUND':
      return t('details.error.gone');
    case 'USER_NOT_FOUND':
      return t('details.error.userGone');
    case 'VALIDATION_FAILED':
    case 'BAD_REQUEST':
      return t('details.error.invalid');
    case 'CONFLICT':
      return t('details.error.conflict');
    // Neither is solved by trying again: the user learns what would solve it.
    case 'GROUP_FULL':
      return t('details.error.groupFull');
    case 'LAST_ADMIN':
      return t('details.error.lastAdmin');
    case 'NETWORK':
      return t('details.error.network');
    case 'RATE_LIMITED':
      return t('details.error.rateLimited');
    default:
      return t('details.error.generic');
  }
}
