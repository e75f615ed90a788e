// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';

export interface TranslateRequest {
  'messageId'?: (string);
  'text'?: (string);
  'sourceLanguage'?: (string);
  'targetLanguage'?: (string);
  'modelTier'?: (_meeshy_translation_v1_ModelTier);
  'skipCache'?: (boolean);
}

export interface TranslateRequest__Output {
  'messageId': (string);
  'text': (string);
  'sourceLanguage': (string);
  'targetLanguage': (string);
  'modelTier': (_meeshy_translation_v1_ModelTier__Output);
  'skipCache': (boolean);
}
