import { useState, type SyntheticEvent } from 'react';
import { LIMITS } from '../../../../contract/limits.ts';
import { api, session } from '../../app/services.ts';
import { FormError } from '../../components/FormError.tsx';
import { LanguageChecklist } from '../../components/LanguageChecklist.tsx';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAsyncAction } from '../../components/useAsyncAction.ts';
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
  // Busy to the end: on success this form gives way to the app.
  const { busy, error, run } = useAsyncAction(errorText, { busyAfterSuccess: true });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
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
    });
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-labelledby="signup-title">
      <h1 id="signup-title">{t('auth.signUp')}</h1>
      <TextField
        id="signup-username"
        label={t('auth.username')}
        value={username}
        onChange={setUsername}
        required
        autoComplete="username"
        minLength={LIMITS.usernameMinLength}
        maxLength={LIMITS.usernameMaxLength}
        pattern={'[a-zA-Z0-9_.\\-]+'}
      />
      <TextField
        id="signup-display-name"
        label={t('auth.displayName')}
        value={displayName}
        onChange={setDisplayName}
        autoComplete="name"
        maxLength={LIMITS.displayNameMaxLength}
      />
      <TextField
        id="signup-email"
        label={t('auth.email')}
        value={email}
        onChange={setEmail}
        required
        type="email"
        autoComplete="email"
      />
      <TextField
        id="signup-password"
        label={t('auth.password')}
        type="password"
        autoComplete="new-password"
        required
        minLength={LIMITS.passwordMinLength}
        maxLength={LIMITS.passwordMaxLength}
        hint={t('auth.passwordHint', { min: LIMITS.passwordMinLength })}
        value={password}
        onChange={setPassword}
      />
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
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.working') : t('auth.signUp')}
      </button>
    </form>
  );
}
