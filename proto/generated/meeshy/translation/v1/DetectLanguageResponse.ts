// Original file: proto/translation.proto

import type { LanguageScore as _meeshy_translation_v1_LanguageScore, LanguageScore__Output as _meeshy_translation_v1_LanguageScore__Output } from '../../../meeshy/translation/v1/LanguageScore.ts';

export interface DetectLanguageResponse {
  'language'?: (string);
  'confidence'?: (number | string);
  'reliable'?: (boolean);
  'candidates'?: (_meeshy_translation_v1_LanguageScore)[];
}

export interface DetectLanguageResponse__Output {
  'language': (string);
  'confidence': (number);
  'reliable': (boolean);
  'candidates': (_meeshy_translation_v1_LanguageScore__Output)[];
}
