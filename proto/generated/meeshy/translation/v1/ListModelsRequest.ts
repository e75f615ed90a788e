// Original file: proto/translation.proto


export interface ListModelsRequest {
}

export interface ListModelsRequest__Output {
}
