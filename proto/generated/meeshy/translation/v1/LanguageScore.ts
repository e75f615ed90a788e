// Original file: proto/translation.proto


export interface LanguageScore {
  'language'?: (string);
  'score'?: (number | string);
}

export interface LanguageScore__Output {
  'language': (string);
  'score': (number);
}
