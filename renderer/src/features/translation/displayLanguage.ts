import type { LanguageSettings } from '../../../../contract/users.ts';

/**
 * The language a reader sees messages in, by Meeshy's rule: custom (if useCustomDestination) >
 * system (if translateToSystemLanguage) > regional (if translateToRegionalLanguage) > system.
 */
export function resolveDisplayLanguage(settings: LanguageSettings): string {
  if (settings.useCustomDestination && settings.customDestinationLanguage !== null) {
    return settings.customDestinationLanguage;
  }
  if (settings.translateToSystemLanguage) return settings.systemLanguage;
  if (settings.translateToRegionalLanguage && settings.regionalLanguage !== null) {
    return settings.regionalLanguage;
  }
  return settings.systemLanguage;
}

/** "pt-BR" and "pt" are read by the same people: compare the base language only. */
export function sameLanguage(a: string, b: string): boolean {
  return baseLanguage(a) === baseLanguage(b);
}

export function baseLanguage(code: string): string {
  return (code.split('-')[0] ?? code).toLowerCase();
}

/**
 * Whether this reader needs a translation of a message written in `originalLanguage`. Unknown sources
 * (not detected yet) are shown as written; so are languages the reader listed as read without translation.
 */
export function needsTranslation(originalLanguage: string | null, settings: LanguageSettings): boolean {
  if (originalLanguage === null) return false;
  const target = resolveDisplayLanguage(settings);
  if (sameLanguage(originalLanguage, target)) return false;
  return !settings.readLanguages.some((lang) => sameLanguage(lang, originalLanguage));
}
