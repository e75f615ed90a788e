import { useState } from 'react';
import { baseUrl } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { ServerPanel } from '../server/ServerPanel.tsx';
import { UiLanguagePicker } from '../settings/UiLanguagePicker.tsx';
import { SessionEndedNotice } from './SessionEndedNotice.tsx';
import { SignInForm } from './SignInForm.tsx';
import { SignUpForm } from './SignUpForm.tsx';

export function AuthScreen() {
  const t = useT();
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [showServer, setShowServer] = useState(false);
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <header className="auth-brand">
          <span className="logo" aria-hidden="true">
            M
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="tagline">{t('auth.tagline')}</p>
          </div>
        </header>
        <SessionEndedNotice />
        {mode === 'signin' ? <SignInForm /> : <SignUpForm />}
        <p className="auth-switch">
          {mode === 'signin' ? t('auth.noAccount') : t('auth.haveAccount')}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setMode(mode === 'signin' ? 'signup' : 'signin');
            }}
          >
            {mode === 'signin' ? t('auth.signUp') : t('auth.signIn')}
          </button>
        </p>
        <footer className="auth-footer">
          <span>{t('auth.serverLine', { url: baseUrl })}</span>
          <button
            type="button"
            className="link"
            aria-expanded={showServer}
            onClick={() => {
              setShowServer(!showServer);
            }}
          >
            {t('auth.changeServer')}
          </button>
          <UiLanguagePicker compact />
        </footer>
        {showServer && <ServerPanel />}
      </div>
    </main>
  );
}
