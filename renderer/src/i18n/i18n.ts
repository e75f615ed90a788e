import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export const UI_LANGUAGES = ['en', 'fr'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const dictionaries: Record<UiLanguage, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: UiLanguage): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => {
    const text = dict[key];
    if (vars === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

/** The interface language to start with: the OS/browser locale when we have it, English otherwise. */
export function detectUiLanguage(locales: readonly string[]): UiLanguage {
  for (const locale of locales) {
    const base = locale.split('-')[0]?.toLowerCase();
    const match = UI_LANGUAGES.find((l) => l === base);
    if (match !== undefined) return match;
  }
  return 'en';
}

/** A language's name in the interface language ("French", "français"), via the platform's CLDR data. */
export function languageName(code: string, uiLanguage: UiLanguage): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
