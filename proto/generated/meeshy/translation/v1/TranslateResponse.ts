// Original file: proto/translation.proto

import type { TranslationMetadata as _meeshy_translation_v1_TranslationMetadata, TranslationMetadata__Output as _meeshy_translation_v1_TranslationMetadata__Output } from '../../../meeshy/translation/v1/TranslationMetadata.ts';

export interface TranslateResponse {
  'messageId'?: (string);
  'translatedText'?: (string);
  'sourceLanguage'?: (string);
  'targetLanguage'?: (string);
  'sourceDetected'?: (boolean);
  'metadata'?: (_meeshy_translation_v1_TranslationMetadata | null);
}

export interface TranslateResponse__Output {
  'messageId': (string);
  'translatedText': (string);
  'sourceLanguage': (string);
  'targetLanguage': (string);
  'sourceDetected': (boolean);
  'metadata': (_meeshy_translation_v1_TranslationMetadata__Output | null);
}
