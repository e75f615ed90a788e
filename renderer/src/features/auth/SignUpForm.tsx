import { useState, type SyntheticEvent } from 'react';
import { LIMITS } from '../../../../contract/limits.ts';
import { api, session } from '../../app/services.ts';
import { LanguageChecklist } from '../../components/LanguageChecklist.tsx';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { usePrefs } from '../settings/prefsStore.ts';
import { useT } from '../../i18n/useT.ts';
import { errorText } from './errorText.ts';

export function SignUpForm() {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  // Default to the interface language: the most likely language the person writes in.
  const [systemLanguage, setSystemLanguage] = useState<string>(uiLanguage);
  const [regionalLanguage, setRegionalLanguage] = useState<string | null>(null);
  const [readLanguages, setReadLanguages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      session.set(
        await api.register({
          username: username.trim(),
          email: email.trim(),
          password,
          ...(displayName.trim() === '' ? {} : { displayName: displayName.trim() }),
          systemLanguage,
          regionalLanguage,
          readLanguages,
        }),
      );
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  const text = (id: string, label: string, value: string, set: (v: string) => void, extra: object = {}) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
        {...extra}
      />
    </div>
  );

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-labelledby="signup-title">
      <h1 id="signup-title">{t('auth.signUp')}</h1>
      {text('signup-username', t('auth.username'), username, setUsername, {
        required: true,
        autoComplete: 'username',
        minLength: LIMITS.usernameMinLength,
        maxLength: LIMITS.usernameMaxLength,
        pattern: '[a-zA-Z0-9_.\\-]+',
      })}
      {text('signup-display-name', t('auth.displayName'), displayName, setDisplayName, {
        autoComplete: 'name',
        maxLength: LIMITS.displayNameMaxLength,
      })}
      {text('signup-email', t('auth.email'), email, setEmail, {
        required: true,
        type: 'email',
        autoComplete: 'email',
      })}
      <div className="field">
        <label htmlFor="signup-password">{t('auth.password')}</label>
        <input
          id="signup-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={LIMITS.passwordMinLength}
          maxLength={LIMITS.passwordMaxLength}
          aria-describedby="signup-password-hint"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
        <small id="signup-password-hint">{t('auth.passwordHint', { min: LIMITS.passwordMinLength })}</small>
      </div>
      <LanguageSelect
        id="signup-system-language"
        label={t('auth.systemLanguage')}
        value={systemLanguage}
        onChange={(code) => {
          if (code !== null) setSystemLanguage(code);
        }}
      />
      <LanguageSelect
        id="signup-regional-language"
        label={t('auth.regionalLanguage')}
        value={regionalLanguage}
        noneLabel={t('settings.none')}
        onChange={setRegionalLanguage}
      />
      <LanguageChecklist
        legend={t('auth.readLanguages')}
        filterLabel={t('tr.searchLanguage')}
        selected={readLanguages}
        onChange={setReadLanguages}
        max={LIMITS.readLanguagesMax}
      />
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.working') : t('auth.signUp')}
      </button>
    </form>
  );
}
