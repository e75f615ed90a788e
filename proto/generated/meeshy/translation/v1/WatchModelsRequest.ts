// Original file: proto/translation.proto


export interface WatchModelsRequest {
}

export interface WatchModelsRequest__Output {
}
