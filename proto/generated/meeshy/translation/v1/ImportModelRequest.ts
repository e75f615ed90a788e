// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';

export interface ImportModelRequest {
  'tier'?: (_meeshy_translation_v1_ModelTier);
  'folder'?: (string);
}

export interface ImportModelRequest__Output {
  'tier': (_meeshy_translation_v1_ModelTier__Output);
  'folder': (string);
}
