// Original file: proto/translation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DetectLanguageRequest as _meeshy_translation_v1_DetectLanguageRequest, DetectLanguageRequest__Output as _meeshy_translation_v1_DetectLanguageRequest__Output } from '../../../meeshy/translation/v1/DetectLanguageRequest.ts';
import type { DetectLanguageResponse as _meeshy_translation_v1_DetectLanguageResponse, DetectLanguageResponse__Output as _meeshy_translation_v1_DetectLanguageResponse__Output } from '../../../meeshy/translation/v1/DetectLanguageResponse.ts';
import type { ImportModelRequest as _meeshy_translation_v1_ImportModelRequest, ImportModelRequest__Output as _meeshy_translation_v1_ImportModelRequest__Output } from '../../../meeshy/translation/v1/ImportModelRequest.ts';
import type { ListLanguagesRequest as _meeshy_translation_v1_ListLanguagesRequest, ListLanguagesRequest__Output as _meeshy_translation_v1_ListLanguagesRequest__Output } from '../../../meeshy/translation/v1/ListLanguagesRequest.ts';
import type { ListLanguagesResponse as _meeshy_translation_v1_ListLanguagesResponse, ListLanguagesResponse__Output as _meeshy_translation_v1_ListLanguagesResponse__Output } from '../../../meeshy/translation/v1/ListLanguagesResponse.ts';
import type { ListModelsRequest as _meeshy_translation_v1_ListModelsRequest, ListModelsRequest__Output as _meeshy_translation_v1_ListModelsRequest__Output } from '../../../meeshy/translation/v1/ListModelsRequest.ts';
import type { ListModelsResponse as _meeshy_translation_v1_ListModelsResponse, ListModelsResponse__Output as _meeshy_translation_v1_ListModelsResponse__Output } from '../../../meeshy/translation/v1/ListModelsResponse.ts';
import type { ModelEvent as _meeshy_translation_v1_ModelEvent, ModelEvent__Output as _meeshy_translation_v1_ModelEvent__Output } from '../../../meeshy/translation/v1/ModelEvent.ts';
import type { ModelInfo as _meeshy_translation_v1_ModelInfo, ModelInfo__Output as _meeshy_translation_v1_ModelInfo__Output } from '../../../meeshy/translation/v1/ModelInfo.ts';
import type { PrepareModelRequest as _meeshy_translation_v1_PrepareModelRequest, PrepareModelRequest__Output as _meeshy_translation_v1_PrepareModelRequest__Output } from '../../../meeshy/translation/v1/PrepareModelRequest.ts';
import type { TranslateMultiItem as _meeshy_translation_v1_TranslateMultiItem, TranslateMultiItem__Output as _meeshy_translation_v1_TranslateMultiItem__Output } from '../../../meeshy/translation/v1/TranslateMultiItem.ts';
import type { TranslateMultiRequest as _meeshy_translation_v1_TranslateMultiRequest, TranslateMultiRequest__Output as _meeshy_translation_v1_TranslateMultiRequest__Output } from '../../../meeshy/translation/v1/TranslateMultiRequest.ts';
import type { TranslateRequest as _meeshy_translation_v1_TranslateRequest, TranslateRequest__Output as _meeshy_translation_v1_TranslateRequest__Output } from '../../../meeshy/translation/v1/TranslateRequest.ts';
import type { TranslateResponse as _meeshy_translation_v1_TranslateResponse, TranslateResponse__Output as _meeshy_translation_v1_TranslateResponse__Output } from '../../../meeshy/translation/v1/TranslateResponse.ts';
import type { WatchModelsRequest as _meeshy_translation_v1_WatchModelsRequest, WatchModelsRequest__Output as _meeshy_translation_v1_WatchModelsRequest__Output } from '../../../meeshy/translation/v1/WatchModelsRequest.ts';

export interface TranslatorClient extends grpc.Client {
  DetectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  DetectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  DetectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  DetectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  detectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  detectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  detectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  detectLanguage(argument: _meeshy_translation_v1_DetectLanguageRequest, callback: grpc.requestCallback<_meeshy_translation_v1_DetectLanguageResponse__Output>): grpc.ClientUnaryCall;
  
  ImportModel(argument: _meeshy_translation_v1_ImportModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  ImportModel(argument: _meeshy_translation_v1_ImportModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  ImportModel(argument: _meeshy_translation_v1_ImportModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  ImportModel(argument: _meeshy_translation_v1_ImportModelRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  importModel(argument: _meeshy_translation_v1_ImportModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  importModel(argument: _meeshy_translation_v1_ImportModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  importModel(argument: _meeshy_translation_v1_ImportModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  importModel(argument: _meeshy_translation_v1_ImportModelRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  
  ListLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _meeshy_translation_v1_ListLanguagesRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  
  ListModels(argument: _meeshy_translation_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _meeshy_translation_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _meeshy_translation_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _meeshy_translation_v1_ListModelsRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _meeshy_translation_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _meeshy_translation_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _meeshy_translation_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _meeshy_translation_v1_ListModelsRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  PrepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  PrepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  PrepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  PrepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  prepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  prepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  prepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  prepareModel(argument: _meeshy_translation_v1_PrepareModelRequest, callback: grpc.requestCallback<_meeshy_translation_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  
  Translate(argument: _meeshy_translation_v1_TranslateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  Translate(argument: _meeshy_translation_v1_TranslateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  Translate(argument: _meeshy_translation_v1_TranslateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  Translate(argument: _meeshy_translation_v1_TranslateRequest, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  translate(argument: _meeshy_translation_v1_TranslateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  translate(argument: _meeshy_translation_v1_TranslateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  translate(argument: _meeshy_translation_v1_TranslateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  translate(argument: _meeshy_translation_v1_TranslateRequest, callback: grpc.requestCallback<_meeshy_translation_v1_TranslateResponse__Output>): grpc.ClientUnaryCall;
  
  TranslateMulti(argument: _meeshy_translation_v1_TranslateMultiRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_TranslateMultiItem__Output>;
  TranslateMulti(argument: _meeshy_translation_v1_TranslateMultiRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_TranslateMultiItem__Output>;
  translateMulti(argument: _meeshy_translation_v1_TranslateMultiRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_TranslateMultiItem__Output>;
  translateMulti(argument: _meeshy_translation_v1_TranslateMultiRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_TranslateMultiItem__Output>;
  
  WatchModels(argument: _meeshy_translation_v1_WatchModelsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_ModelEvent__Output>;
  WatchModels(argument: _meeshy_translation_v1_WatchModelsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_ModelEvent__Output>;
  watchModels(argument: _meeshy_translation_v1_WatchModelsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_ModelEvent__Output>;
  watchModels(argument: _meeshy_translation_v1_WatchModelsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_meeshy_translation_v1_ModelEvent__Output>;
  
}

export interface TranslatorHandlers extends grpc.UntypedServiceImplementation {
  DetectLanguage: grpc.handleUnaryCall<_meeshy_translation_v1_DetectLanguageRequest__Output, _meeshy_translation_v1_DetectLanguageResponse>;
  
  ImportModel: grpc.handleUnaryCall<_meeshy_translation_v1_ImportModelRequest__Output, _meeshy_translation_v1_ModelInfo>;
  
  ListLanguages: grpc.handleUnaryCall<_meeshy_translation_v1_ListLanguagesRequest__Output, _meeshy_translation_v1_ListLanguagesResponse>;
  
  ListModels: grpc.handleUnaryCall<_meeshy_translation_v1_ListModelsRequest__Output, _meeshy_translation_v1_ListModelsResponse>;
  
  PrepareModel: grpc.handleUnaryCall<_meeshy_translation_v1_PrepareModelRequest__Output, _meeshy_translation_v1_ModelInfo>;
  
  Translate: grpc.handleUnaryCall<_meeshy_translation_v1_TranslateRequest__Output, _meeshy_translation_v1_TranslateResponse>;
  
  TranslateMulti: grpc.handleServerStreamingCall<_meeshy_translation_v1_TranslateMultiRequest__Output, _meeshy_translation_v1_TranslateMultiItem>;
  
  WatchModels: grpc.handleServerStreamingCall<_meeshy_translation_v1_WatchModelsRequest__Output, _meeshy_translation_v1_ModelEvent>;
  
}

export interface TranslatorDefinition extends grpc.ServiceDefinition {
  DetectLanguage: MethodDefinition<_meeshy_translation_v1_DetectLanguageRequest, _meeshy_translation_v1_DetectLanguageResponse, _meeshy_translation_v1_DetectLanguageRequest__Output, _meeshy_translation_v1_DetectLanguageResponse__Output>
  ImportModel: MethodDefinition<_meeshy_translation_v1_ImportModelRequest, _meeshy_translation_v1_ModelInfo, _meeshy_translation_v1_ImportModelRequest__Output, _meeshy_translation_v1_ModelInfo__Output>
  ListLanguages: MethodDefinition<_meeshy_translation_v1_ListLanguagesRequest, _meeshy_translation_v1_ListLanguagesResponse, _meeshy_translation_v1_ListLanguagesRequest__Output, _meeshy_translation_v1_ListLanguagesResponse__Output>
  ListModels: MethodDefinition<_meeshy_translation_v1_ListModelsRequest, _meeshy_translation_v1_ListModelsResponse, _meeshy_translation_v1_ListModelsRequest__Output, _meeshy_translation_v1_ListModelsResponse__Output>
  PrepareModel: MethodDefinition<_meeshy_translation_v1_PrepareModelRequest, _meeshy_translation_v1_ModelInfo, _meeshy_translation_v1_PrepareModelRequest__Output, _meeshy_translation_v1_ModelInfo__Output>
  Translate: MethodDefinition<_meeshy_translation_v1_TranslateRequest, _meeshy_translation_v1_TranslateResponse, _meeshy_translation_v1_TranslateRequest__Output, _meeshy_translation_v1_TranslateResponse__Output>
  TranslateMulti: MethodDefinition<_meeshy_translation_v1_TranslateMultiRequest, _meeshy_translation_v1_TranslateMultiItem, _meeshy_translation_v1_TranslateMultiRequest__Output, _meeshy_translation_v1_TranslateMultiItem__Output>
  WatchModels: MethodDefinition<_meeshy_translation_v1_WatchModelsRequest, _meeshy_translation_v1_ModelEvent, _meeshy_translation_v1_WatchModelsRequest__Output, _meeshy_translation_v1_ModelEvent__Output>
}
