// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';

export interface SupportedLanguage {
  'code'?: (string);
  'name'?: (string);
  'tiers'?: (_meeshy_translation_v1_ModelTier)[];
}

export interface SupportedLanguage__Output {
  'code': (string);
  'name': (string);
  'tiers': (_meeshy_translation_v1_ModelTier__Output)[];
}
