import { MODEL_TIERS, type ModelTier } from '../../../../contract/translations.ts';
import { translationApi } from '../../app/services.ts';
import { ApiError } from '../../lib/api/apiError.ts';
import { useTranslations } from './translationStore.ts';

/** Asks the server for a translation (or a better one); the result arrives as a socket event. */
export async function requestTranslation(
  conversationId: string,
  messageId: string,
  targetLanguage: string,
  tier: ModelTier | null,
): Promise<void> {
  const store = useTranslations.getState();
  store.markPending(messageId, targetLanguage, tier);
  store.setView(messageId, { kind: 'language', language: targetLanguage });
  try {
    await translationApi.translate({ messageId, targetLanguage, ...(tier === null ? {} : { tier }) });
  } catch (error) {
    store.applyFailure({
      messageId,
      conversationId,
      targetLanguage,
      code: 'TRANSLATION_FAILED',
      message: error instanceof ApiError ? error.message : String(error),
    });
  }
}

/** The tier above, for "upgrade"; null at the top. */
export function nextTier(tier: ModelTier): ModelTier | null {
  return MODEL_TIERS[MODEL_TIERS.indexOf(tier) + 1] ?? null;
}
