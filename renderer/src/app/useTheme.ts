import { useEffect } from 'react';
import { usePrefs } from '../features/settings/prefsStore.ts';

/** Applies the theme choice to <html>, following the OS live when the choice is "system". */
export function useTheme(): void {
  const theme = usePrefs((s) => s.theme);
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  useEffect(() => {
    document.documentElement.lang = uiLanguage;
  }, [uiLanguage]);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => {
      media.removeEventListener('change', apply);
    };
  }, [theme]);
}
