// Original file: proto/translation.proto

import type { ModelInfo as _meeshy_translation_v1_ModelInfo, ModelInfo__Output as _meeshy_translation_v1_ModelInfo__Output } from '../../../meeshy/translation/v1/ModelInfo.ts';

export interface ModelEvent {
  'model'?: (_meeshy_translation_v1_ModelInfo | null);
  'file'?: (string);
}

export interface ModelEvent__Output {
  'model': (_meeshy_translation_v1_ModelInfo__Output | null);
  'file': (string);
}
