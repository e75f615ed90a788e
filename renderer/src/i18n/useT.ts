import { useMemo } from 'react';
import { usePrefs } from '../features/settings/prefsStore.ts';
import { translator, type Translate } from './i18n.ts';

export function useT(): Translate {
  const lang = usePrefs((s) => s.uiLanguage);
  return useMemo(() => translator(lang), [lang]);
}
