import { create } from 'zustand';
import { detectUiLanguage, type UiLanguage } from '../../i18n/i18n.ts';
import { browserStore, readJson, writeJson } from '../../lib/storage.ts';

export type ThemeChoice = 'light' | 'dark' | 'system';

/** Preferences of this device, not of the account: they apply before sign-in and survive sign-out. */
interface DevicePrefs {
  uiLanguage: UiLanguage;
  theme: ThemeChoice;
}

interface PrefsState extends DevicePrefs {
  setUiLanguage: (lang: UiLanguage) => void;
  setTheme: (theme: ThemeChoice) => void;
}

const KEY = 'meeshy.prefs';
const store = browserStore();
const saved = readJson<Partial<DevicePrefs> | null>(store, KEY, null);

export const usePrefs = create<PrefsState>((set, get) => {
  const persist = (patch: Partial<DevicePrefs>) => {
    set(patch);
    const { uiLanguage, theme } = get();
    writeJson(store, KEY, { uiLanguage, theme });
  };
  return {
    uiLanguage: saved?.uiLanguage ?? detectUiLanguage(navigator.languages),
    theme: saved?.theme ?? 'system',
    setUiLanguage: (uiLanguage) => {
      persist({ uiLanguage });
    },
    setTheme: (theme) => {
      persist({ theme });
    },
  };
});
