import { routes } from '../../../../contract/routes.ts';
import type { LanguageInfo, ModelTier, TranslateBody } from '../../../../contract/translations.ts';
import type { HttpClient } from '../../lib/api/httpClient.ts';

/** The translation API of contract/translations.ts: the languages, a translation request, the models. */
export function createTranslationClient(http: HttpClient) {
  return {
    languages: async (): Promise<LanguageInfo[]> => (await http.call(routes.languages, {})).languages,
    translate: (body: TranslateBody) => http.call(routes.translate, { body }),
    models: () => http.call(routes.models, {}),
    downloadModel: (tier: ModelTier, acceptLicense: boolean) =>
      http.call(routes.downloadModel, { params: { tier }, body: { acceptLicense } }),
    importModel: (tier: ModelTier, folder: string) =>
      http.call(routes.importModel, { params: { tier }, body: { folder } }),
  };
}

export type TranslationClient = ReturnType<typeof createTranslationClient>;
