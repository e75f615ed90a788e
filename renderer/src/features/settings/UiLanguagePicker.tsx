import { useId } from 'react';
import { UI_LANGUAGES, type UiLanguage } from '../../i18n/i18n.ts';
import { useT } from '../../i18n/useT.ts';
import { languageLabel } from '../../lib/languages.ts';
import { usePrefs } from './prefsStore.ts';

export function UiLanguagePicker({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const id = useId();
  const { uiLanguage, setUiLanguage } = usePrefs();
  return (
    <div className={compact ? 'field inline' : 'field'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {t('settings.uiLanguage')}
      </label>
      <select
        id={id}
        value={uiLanguage}
        onChange={(e) => {
          const next = UI_LANGUAGES.find((l) => l === e.target.value);
          if (next !== undefined) setUiLanguage(next satisfies UiLanguage);
        }}
      >
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {languageLabel(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
