// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';

export interface PrepareModelRequest {
  'tier'?: (_meeshy_translation_v1_ModelTier);
}

export interface PrepareModelRequest__Output {
  'tier': (_meeshy_translation_v1_ModelTier__Output);
}
