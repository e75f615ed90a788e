// Original file: proto/translation.proto


export interface ListLanguagesRequest {
}

export interface ListLanguagesRequest__Output {
}
