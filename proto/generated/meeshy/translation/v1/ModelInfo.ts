// Original file: proto/translation.proto

import type { ModelTier as _meeshy_translation_v1_ModelTier, ModelTier__Output as _meeshy_translation_v1_ModelTier__Output } from '../../../meeshy/translation/v1/ModelTier.ts';
import type { ModelState as _meeshy_translation_v1_ModelState, ModelState__Output as _meeshy_translation_v1_ModelState__Output } from '../../../meeshy/translation/v1/ModelState.ts';
import type { ModelSource as _meeshy_translation_v1_ModelSource, ModelSource__Output as _meeshy_translation_v1_ModelSource__Output } from '../../../meeshy/translation/v1/ModelSource.ts';
import type { Long } from '@grpc/proto-loader';

export interface ModelInfo {
  'tier'?: (_meeshy_translation_v1_ModelTier);
  'name'?: (string);
  'revision'?: (string);
  'state'?: (_meeshy_translation_v1_ModelState);
  'sizeBytes'?: (number | string | Long);
  'downloadedBytes'?: (number | string | Long);
  'error'?: (string);
  'isDefault'?: (boolean);
  'license'?: (string);
  'licenseRestricted'?: (boolean);
  'source'?: (_meeshy_translation_v1_ModelSource);
}

export interface ModelInfo__Output {
  'tier': (_meeshy_translation_v1_ModelTier__Output);
  'name': (string);
  'revision': (string);
  'state': (_meeshy_translation_v1_ModelState__Output);
  'sizeBytes': (number);
  'downloadedBytes': (number);
  'error': (string);
  'isDefault': (boolean);
  'license': (string);
  'licenseRestricted': (boolean);
  'source': (_meeshy_translation_v1_ModelSource__Output);
}
