import type { ModelTier } from '../../contract/translations.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { englishLanguageName, userLanguageCodes } from '../text/language-codes.ts';

export interface SupportedLanguage {
  code: string;
  name: string;
  tiers: ModelTier[];
}

/**
 * The languages that the models loaded right now can translate from or into, each with the tiers that
 * can: a language counts for a tier when its model translates it to or from at least one other language.
 */
export function supportedLanguages(registry: ModelRegistry): SupportedLanguage[] {
  const codes = userLanguageCodes();
  const byCode = new Map<string, ModelTier[]>();
  for (const status of registry.statuses()) {
    const model = registry.model(status.tier);
    if (status.state !== 'ready' || model === null) continue;
    for (const code of codes) {
      const translatable = codes.some(
        (other) => other !== code && (model.supports(code, other) || model.supports(other, code)),
      );
      if (translatable) byCode.set(code, [...(byCode.get(code) ?? []), status.tier]);
    }
  }
  return [...byCode.entries()].map(([code, tiers]) => ({ code, name: englishLanguageName(code), tiers }));
}
