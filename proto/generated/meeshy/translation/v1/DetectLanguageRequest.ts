// Original file: proto/translation.proto


export interface DetectLanguageRequest {
  'text'?: (string);
}

export interface DetectLanguageRequest__Output {
  'text': (string);
}
