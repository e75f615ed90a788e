// Original file: proto/translation.proto

import type { ModelInfo as _meeshy_translation_v1_ModelInfo, ModelInfo__Output as _meeshy_translation_v1_ModelInfo__Output } from '../../../meeshy/translation/v1/ModelInfo.ts';

export interface ListModelsResponse {
  'models'?: (_meeshy_translation_v1_ModelInfo)[];
}

export interface ListModelsResponse__Output {
  'models': (_meeshy_translation_v1_ModelInfo__Output)[];
}
