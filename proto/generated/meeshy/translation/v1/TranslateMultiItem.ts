// Original file: proto/translation.proto

import type { TranslationStatus as _meeshy_translation_v1_TranslationStatus, TranslationStatus__Output as _meeshy_translation_v1_TranslationStatus__Output } from '../../../meeshy/translation/v1/TranslationStatus.ts';
import type { TranslateResponse as _meeshy_translation_v1_TranslateResponse, TranslateResponse__Output as _meeshy_translation_v1_TranslateResponse__Output } from '../../../meeshy/translation/v1/TranslateResponse.ts';

export interface TranslateMultiItem {
  'targetLanguage'?: (string);
  'status'?: (_meeshy_translation_v1_TranslationStatus);
  'translation'?: (_meeshy_translation_v1_TranslateResponse | null);
  'error'?: (string);
}

export interface TranslateMultiItem__Output {
  'targetLanguage': (string);
  'status': (_meeshy_translation_v1_TranslationStatus__Output);
  'translation': (_meeshy_translation_v1_TranslateResponse__Output | null);
  'error': (string);
}
