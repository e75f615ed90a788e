import { useState, type SyntheticEvent } from 'react';
import { api, session } from '../../app/services.ts';
import { FormError } from '../../components/FormError.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAsyncAction } from '../../components/useAsyncAction.ts';
import { useT } from '../../i18n/useT.ts';
import { errorText } from './errorText.ts';

export function SignInForm() {
  const t = useT();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  // Busy to the end: on success this form gives way to the app.
  const { busy, error, run } = useAsyncAction(errorText, { busyAfterSuccess: true });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
      const id = identifier.trim();
      // Meeshy lets people sign in with either; an "@" can only be an email (usernames exclude it).
      const body = id.includes('@') ? { email: id, password } : { username: id, password };
      session.set(await api.login(body));
    });
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
      <h1 id="signin-title">{t('auth.signIn')}</h1>
      <TextField
        id="signin-identifier"
        label={t('auth.identifier')}
        autoComplete="username"
        required
        value={identifier}
        onChange={setIdentifier}
      />
      <TextField
        id="signin-password"
        label={t('auth.password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
      />
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.working') : t('auth.signIn')}
      </button>
    </form>
  );
}
