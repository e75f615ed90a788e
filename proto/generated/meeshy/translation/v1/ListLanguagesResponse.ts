// Original file: proto/translation.proto

import type { SupportedLanguage as _meeshy_translation_v1_SupportedLanguage, SupportedLanguage__Output as _meeshy_translation_v1_SupportedLanguage__Output } from '../../../meeshy/translation/v1/SupportedLanguage.ts';

export interface ListLanguagesResponse {
  'languages'?: (_meeshy_translation_v1_SupportedLanguage)[];
}

export interface ListLanguagesResponse__Output {
  'languages': (_meeshy_translation_v1_SupportedLanguage__Output)[];
}
