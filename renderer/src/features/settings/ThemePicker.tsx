import { useT } from '../../i18n/useT.ts';
import { usePrefs, type ThemeChoice } from './prefsStore.ts';

const CHOICES: ThemeChoice[] = ['light', 'dark', 'system'];

export function ThemePicker() {
  const t = useT();
  const { theme, setTheme } = usePrefs();
  return (
    <fieldset className="segmented">
      <legend>{t('settings.theme')}</legend>
      {CHOICES.map((choice) => (
        <label key={choice} className="check">
          <input
            type="radio"
            name="theme"
            value={choice}
            checked={theme === choice}
            onChange={() => {
              setTheme(choice);
            }}
          />
          {t(`settings.theme.${choice}`)}
        </label>
      ))}
    </fieldset>
  );
}
