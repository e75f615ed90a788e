import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { DetectLanguageRequest as _meeshy_translation_v1_DetectLanguageRequest, DetectLanguageRequest__Output as _meeshy_translation_v1_DetectLanguageRequest__Output } from './meeshy/translation/v1/DetectLanguageRequest.ts';
import type { DetectLanguageResponse as _meeshy_translation_v1_DetectLanguageResponse, DetectLanguageResponse__Output as _meeshy_translation_v1_DetectLanguageResponse__Output } from './meeshy/translation/v1/DetectLanguageResponse.ts';
import type { ImportModelRequest as _meeshy_translation_v1_ImportModelRequest, ImportModelRequest__Output as _meeshy_translation_v1_ImportModelRequest__Output } from './meeshy/translation/v1/ImportModelRequest.ts';
import type { LanguageScore as _meeshy_translation_v1_LanguageScore, LanguageScore__Output as _meeshy_translation_v1_LanguageScore__Output } from './meeshy/translation/v1/LanguageScore.ts';
import type { ListLanguagesRequest as _meeshy_translation_v1_ListLanguagesRequest, ListLanguagesRequest__Output as _meeshy_translation_v1_ListLanguagesRequest__Output } from './meeshy/translation/v1/ListLanguagesRequest.ts';
import type { ListLanguagesResponse as _meeshy_translation_v1_ListLanguagesResponse, ListLanguagesResponse__Output as _meeshy_translation_v1_ListLanguagesResponse__Output } from './meeshy/translation/v1/ListLanguagesResponse.ts';
import type { ListModelsRequest as _meeshy_translation_v1_ListModelsRequest, ListModelsRequest__Output as _meeshy_translation_v1_ListModelsRequest__Output } from './meeshy/translation/v1/ListModelsRequest.ts';
import type { ListModelsResponse as _meeshy_translation_v1_ListModelsResponse, ListModelsResponse__Output as _meeshy_translation_v1_ListModelsResponse__Output } from './meeshy/translation/v1/ListModelsResponse.ts';
import type { ModelEvent as _meeshy_translation_v1_ModelEvent, ModelEvent__Output as _meeshy_translation_v1_ModelEvent__Output } from './meeshy/translation/v1/ModelEvent.ts';
import type { ModelInfo as _meeshy_translation_v1_ModelInfo, ModelInfo__Output as _meeshy_translation_v1_ModelInfo__Output } from './meeshy/translation/v1/ModelInfo.ts';
import type { PrepareModelRequest as _meeshy_translation_v1_PrepareModelRequest, PrepareModelRequest__Output as _meeshy_translation_v1_PrepareModelRequest__Output } from './meeshy/translation/v1/PrepareModelRequest.ts';
import type { SupportedLanguage as _meeshy_translation_v1_SupportedLanguage, SupportedLanguage__Output as _meeshy_translation_v1_SupportedLanguage__Output } from './meeshy/translation/v1/SupportedLanguage.ts';
import type { TranslateMultiItem as _meeshy_translation_v1_TranslateMultiItem, TranslateMultiItem__Output as _meeshy_translation_v1_TranslateMultiItem__Output } from './meeshy/translation/v1/TranslateMultiItem.ts';
import type { TranslateMultiRequest as _meeshy_translation_v1_TranslateMultiRequest, TranslateMultiRequest__Output as _meeshy_translation_v1_TranslateMultiRequest__Output } from './meeshy/translation/v1/TranslateMultiRequest.ts';
import type { TranslateRequest as _meeshy_translation_v1_TranslateRequest, TranslateRequest__Output as _meeshy_translation_v1_TranslateRequest__Output } from './meeshy/translation/v1/TranslateRequest.ts';
import type { TranslateResponse as _meeshy_translation_v1_TranslateResponse, TranslateResponse__Output as _meeshy_translation_v1_TranslateResponse__Output } from './meeshy/translation/v1/TranslateResponse.ts';
import type { TranslationMetadata as _meeshy_translation_v1_TranslationMetadata, TranslationMetadata__Output as _meeshy_translation_v1_TranslationMetadata__Output } from './meeshy/translation/v1/TranslationMetadata.ts';
import type { TranslatorClient as _meeshy_translation_v1_TranslatorClient, TranslatorDefinition as _meeshy_translation_v1_TranslatorDefinition } from './meeshy/translation/v1/Translator.ts';
import type { WatchModelsRequest as _meeshy_translation_v1_WatchModelsRequest, WatchModelsRequest__Output as _meeshy_translation_v1_WatchModelsRequest__Output } from './meeshy/translation/v1/WatchModelsRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  meeshy: {
    translation: {
      v1: {
        DetectLanguageRequest: MessageTypeDefinition<_meeshy_translation_v1_DetectLanguageRequest, _meeshy_translation_v1_DetectLanguageRequest__Output>
        DetectLanguageResponse: MessageTypeDefinition<_meeshy_translation_v1_DetectLanguageResponse, _meeshy_translation_v1_DetectLanguageResponse__Output>
        ImportModelRequest: MessageTypeDefinition<_meeshy_translation_v1_ImportModelRequest, _meeshy_translation_v1_ImportModelRequest__Output>
        LanguageScore: MessageTypeDefinition<_meeshy_translation_v1_LanguageScore, _meeshy_translation_v1_LanguageScore__Output>
        ListLanguagesRequest: MessageTypeDefinition<_meeshy_translation_v1_ListLanguagesRequest, _meeshy_translation_v1_ListLanguagesRequest__Output>
        ListLanguagesResponse: MessageTypeDefinition<_meeshy_translation_v1_ListLanguagesResponse, _meeshy_translation_v1_ListLanguagesResponse__Output>
        ListModelsRequest: MessageTypeDefinition<_meeshy_translation_v1_ListModelsRequest, _meeshy_translation_v1_ListModelsRequest__Output>
        ListModelsResponse: MessageTypeDefinition<_meeshy_translation_v1_ListModelsResponse, _meeshy_translation_v1_ListModelsResponse__Output>
        ModelEvent: MessageTypeDefinition<_meeshy_translation_v1_ModelEvent, _meeshy_translation_v1_ModelEvent__Output>
        ModelInfo: MessageTypeDefinition<_meeshy_translation_v1_ModelInfo, _meeshy_translation_v1_ModelInfo__Output>
        ModelSource: EnumTypeDefinition
        ModelState: EnumTypeDefinition
        ModelTier: EnumTypeDefinition
        PrepareModelRequest: MessageTypeDefinition<_meeshy_translation_v1_PrepareModelRequest, _meeshy_translation_v1_PrepareModelRequest__Output>
        SupportedLanguage: MessageTypeDefinition<_meeshy_translation_v1_SupportedLanguage, _meeshy_translation_v1_SupportedLanguage__Output>
        TranslateMultiItem: MessageTypeDefinition<_meeshy_translation_v1_TranslateMultiItem, _meeshy_translation_v1_TranslateMultiItem__Output>
        TranslateMultiRequest: MessageTypeDefinition<_meeshy_translation_v1_TranslateMultiRequest, _meeshy_translation_v1_TranslateMultiRequest__Output>
        TranslateRequest: MessageTypeDefinition<_meeshy_translation_v1_TranslateRequest, _meeshy_translation_v1_TranslateRequest__Output>
        TranslateResponse: MessageTypeDefinition<_meeshy_translation_v1_TranslateResponse, _meeshy_translation_v1_TranslateResponse__Output>
        TranslationMetadata: MessageTypeDefinition<_meeshy_translation_v1_TranslationMetadata, _meeshy_translation_v1_TranslationMetadata__Output>
        TranslationStatus: EnumTypeDefinition
        Translator: SubtypeConstructor<typeof grpc.Client, _meeshy_translation_v1_TranslatorClient> & { service: _meeshy_translation_v1_TranslatorDefinition }
        WatchModelsRequest: MessageTypeDefinition<_meeshy_translation_v1_WatchModelsRequest, _meeshy_translation_v1_WatchModelsRequest__Output>
      }
    }
  }
}

