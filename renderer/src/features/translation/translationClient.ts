import type {
  LanguageInfo,
  LanguagesResponse,
  ModelInfo,
  ModelTier,
  TranslateAccepted,
  TranslateBody,
} from '../../../../contract/translations.ts';
import type { HttpClient } from '../../lib/api/httpClient.ts';

/** The translation API of contract/translations.ts: the languages, a translation request, the models. */
export function createTranslationClient(http: HttpClient) {
  return {
    languages: async (): Promise<LanguageInfo[]> =>
      (await http.request<LanguagesResponse>('GET', '/api/languages')).languages,
    translate: (body: TranslateBody) => http.request<TranslateAccepted>('POST', '/api/translate', body),
    models: () => http.request<ModelInfo[]>('GET', '/api/models'),
    downloadModel: (tier: ModelTier, acceptLicense: boolean) =>
      http.request<ModelInfo>('POST', `/api/models/${tier}/download`, { acceptLicense }),
  };
}

export type TranslationClient = ReturnType<typeof createTranslationClient>;
