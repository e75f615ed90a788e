// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';

export interface TranslationMetadata {
  'modelName'?: (string);
  'modelTier'?: (_meeshy_translation_v1_ModelTier);
  'confidenceScore'?: (number | string);
  'fromCache'?: (boolean);
  'processingTimeMs'?: (number);
}

export interface TranslationMetadata__Output {
  'modelName': (string);
  'modelTier': (_meeshy_translation_v1_ModelTier__Output);
  'confidenceScore': (number);
  'fromCache': (boolean);
  'processingTimeMs': (number);
}
