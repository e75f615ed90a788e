import { useState, type SyntheticEvent } from 'react';
import type { LanguageSettings, SelfUser } from '../../../../contract/users.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { api, session } from '../../app/services.ts';
import { LanguageChecklist } from '../../components/LanguageChecklist.tsx';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { useT } from '../../i18n/useT.ts';
import { languageName } from '../../i18n/i18n.ts';
import { errorText } from '../auth/errorText.ts';
import { engine } from '../sync/engine.ts';
import { resolveDisplayLanguage } from '../translation/displayLanguage.ts';
import { usePrefs } from './prefsStore.ts';
import { TextField } from '../../components/TextField.tsx';

function pick(user: SelfUser): LanguageSettings {
  const {
    systemLanguage,
    regionalLanguage,
    customDestinationLanguage,
    autoTranslateEnabled,
    translateToSystemLanguage,
    translateToRegionalLanguage,
    useCustomDestination,
    readLanguages,
  } = user;
  return {
    systemLanguage,
    regionalLanguage,
    customDestinationLanguage,
    autoTranslateEnabled,
    translateToSystemLanguage,
    translateToRegionalLanguage,
    useCustomDestination,
    readLanguages,
  };
}

/** Meeshy's translation settings with their names, plus a live line saying which language results. */
export function TranslationSettings({ user }: { user: SelfUser }) {
  const t = useT();
  const ui = usePrefs((s) => s.uiLanguage);
  const [draft, setDraft] = useState<LanguageSettings>(() => pick(user));
  const [displayName, setDisplayName] = useState(user.displayName);
  const [status, setStatus] = useState<string>('');
  const set = <K extends keyof LanguageSettings>(key: K, value: LanguageSettings[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus('');
  };

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    try {
      const updated = await api.updateMe({ ...draft, displayName: displayName.trim() });
      session.updateUser(updated);
      engine.updateSelf(updated);
      setStatus(t('settings.saved'));
    } catch (e) {
      setStatus(errorText(e, t));
    }
  };

  const toggle = (
    key:
      | 'autoTranslateEnabled'
      | 'translateToSystemLanguage'
      | 'translateToRegionalLanguage'
      | 'useCustomDestination',
    label: string,
  ) => (
    <label className="check">
      <input
        type="checkbox"
        checked={draft[key]}
        onChange={(e) => {
          set(key, e.target.checked);
        }}
      />
      {label}
    </label>
  );

  return (
    <form className="settings-form" onSubmit={(e) => void save(e)}>
      <h2>{t('settings.profile')}</h2>
      <TextField
        id="settings-display-name"
        label={t('auth.displayName')}
        required
        maxLength={LIMITS.displayNameMaxLength}
        value={displayName}
        onChange={setDisplayName}
      />
      <h2>{t('settings.translation')}</h2>
      <LanguageSelect
        id="settings-system-language"
        label={t('settings.systemLanguage')}
        value={draft.systemLanguage}
        onChange={(c) => {
          if (c !== null) set('systemLanguage', c);
        }}
      />
      <LanguageSelect
        id="settings-regional-language"
        label={t('settings.regionalLanguage')}
        value={draft.regionalLanguage}
        noneLabel={t('settings.none')}
        onChange={(c) => {
          set('regionalLanguage', c);
        }}
      />
      <LanguageSelect
        id="settings-custom-language"
        label={t('settings.customLanguage')}
        value={draft.customDestinationLanguage}
        noneLabel={t('settings.none')}
        onChange={(c) => {
          set('customDestinationLanguage', c);
        }}
      />
      {toggle('autoTranslateEnabled', t('settings.autoTranslate'))}
      {toggle('translateToSystemLanguage', t('settings.translateToSystem'))}
      {toggle('translateToRegionalLanguage', t('settings.translateToRegional'))}
      {toggle('useCustomDestination', t('settings.useCustom'))}
      <p className="hint" aria-live="polite">
        {t('settings.readingIn', { language: languageName(resolveDisplayLanguage(draft), ui) })}
      </p>
      <LanguageChecklist
        legend={t('settings.readLanguages')}
        filterLabel={t('tr.searchLanguage')}
        selected={draft.readLanguages}
        onChange={(codes) => {
          set('readLanguages', codes);
        }}
        max={LIMITS.readLanguagesMax}
      />
      <div className="row">
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>
        <span role="status">{status}</span>
      </div>
    </form>
  );
}
