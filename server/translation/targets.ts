import type { ReaderLanguages } from '../db/stores/translations.ts';

/**
 * Whether two language codes name the same language for translation purposes: "pt" and "pt-BR" do (one
 * NLLB language), "zh-TW" and "zh" do not (traditional and simplified script are different targets).
 */
export function sameLanguage(a: string, b: string): boolean {
  if (a === b) return true;
  const [baseA, subA] = a.split('-');
  const [baseB, subB] = b.split('-');
  if (baseA !== baseB || baseA === 'zh') return false;
  return subA === undefined || subB === undefined;
}

/** Meeshy's rules: the system language always; regional and custom ones when the reader's flags ask. */
export function wantedLanguages(reader: ReaderLanguages): string[] {
  const wanted = [reader.systemLanguage];
  if (reader.autoTranslateEnabled) {
    if (reader.translateToRegionalLanguage && reader.regionalLanguage !== null)
      wanted.push(reader.regionalLanguage);
    if (reader.useCustomDestination && reader.customDestinationLanguage !== null) {
      wanted.push(reader.customDestinationLanguage);
    }
  }
  return wanted;
}

/**
 * The languages a message must be translated into for the readers of its conversation: every reader's
 * wanted languages, minus the source language, leaving out readers who read the source language as it is.
 * With an unknown source, every wanted language is a target.
 */
export function translationTargets(
  sourceLanguage: string | null,
  readers: readonly ReaderLanguages[],
): string[] {
  const targets: string[] = [];
  for (const reader of readers) {
    if (sourceLanguage !== null && reader.readLanguages.some((read) => sameLanguage(read, sourceLanguage)))
      continue;
    for (const language of wantedLanguages(reader)) {
      if (sourceLanguage !== null && sameLanguage(language, sourceLanguage)) continue;
      if (!targets.includes(language)) targets.push(language);
    }
  }
  return targets.sort();
}
