import { routes } from '../../../../contract/routes.ts';
import type { LanguageInfo, ModelTier, TranslateBody } from '../../../../contract/translations.ts';
import { ApiError } from '../../lib/api/apiError.ts';
import type { HttpClient } from '../../lib/api/httpClient.ts';

/**
 * The seam to the translation API of the later issue (contract/translations.ts). Every call that the
 * server may not implement yet answers null on 404, so the UI can say "not available" instead of failing.
 */
export function createTranslationClient(http: HttpClient) {
  async function optional<T>(call: Promise<T>): Promise<T | null> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.code !== 'MESSAGE_NOT_FOUND')
        return null;
      throw error;
    }
  }
  return {
    languages: async (): Promise<LanguageInfo[] | null> =>
      (await optional(http.call(routes.languages, {})))?.languages ?? null,
    translate: (body: TranslateBody) => http.call(routes.translate, { body }),
    models: () => optional(http.call(routes.models, {})),
    downloadModel: (tier: ModelTier, acceptLicense: boolean) =>
      http.call(routes.downloadModel, { params: { tier }, body: { acceptLicense } }),
  };
}

export type TranslationClient = ReturnType<typeof createTranslationClient>;
