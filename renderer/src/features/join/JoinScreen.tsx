import { useEffect, useState, type SyntheticEvent } from 'react';
import type { JoinPreview } from '../../../../contract/join.ts';
import { joinApi, session } from '../../app/services.ts';
import { FormError } from '../../components/FormError.tsx';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAsyncAction } from '../../components/useAsyncAction.ts';
import { useT } from '../../i18n/useT.ts';
import { AuthScreen } from '../auth/AuthScreen.tsx';
import { useAuth } from '../auth/authStore.ts';
import { errorText } from '../auth/errorText.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { closeJoinLink } from './joinRoute.ts';

type Preview =
  { state: 'loading' } | { state: 'ready'; preview: JoinPreview } | { state: 'refused'; error: string };

/** After a join: the join page is done with, and the conversation joined is the one shown. */
function openJoined(conversationId: string): void {
  closeJoinLink();
  useConversations.getState().select(conversationId);
}

/**
 * What a join link opens (`/join/<code>` on the web, `meeshy://join/<code>` in the desktop app): the group's
 * name and size, then either a guest's form (a name and the language they read and write, no account) or,
 * for someone signed in, joining with their account.
 */
export function JoinScreen({ code }: { code: string }) {
  const t = useT();
  const self = useAuth((s) => s.session?.user ?? null);
  const [preview, setPreview] = useState<Preview>({ state: 'loading' });
  const [withAccount, setWithAccount] = useState(false);

  useEffect(() => {
    let current = true;
    joinApi.joinPreview(code).then(
      (answer) => {
        if (current) setPreview({ state: 'ready', preview: answer });
      },
      (error: unknown) => {
        if (current) setPreview({ state: 'refused', error: errorText(error, t) });
      },
    );
    return () => {
      current = false;
    };
  }, [code, t]);

  // Someone with an account chose to sign in first: the usual screen, then back here to join.
  if (withAccount && self === null) {
    return (
      <>
        <p className="join-banner" role="status">
          {t('join.signInToJoin')}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setWithAccount(false);
            }}
          >
            {t('join.backToGuest')}
          </button>
        </p>
        <AuthScreen />
      </>
    );
  }

  return (
    <main className="auth-screen join-screen">
      <div className="auth-card">
        {preview.state === 'loading' && <p role="status">{t('common.loading')}</p>}
        {preview.state === 'refused' && (
          <>
            <h1>{t('join.unavailable')}</h1>
            <FormError error={preview.error} />
            <button type="button" onClick={closeJoinLink}>
              {t('join.notNow')}
            </button>
          </>
        )}
        {preview.state === 'ready' && (
          <>
            <h1 id="join-title">{t('join.title', { title: preview.preview.title })}</h1>
            <p className="join-members">{t('join.memberCount', { count: preview.preview.memberCount })}</p>
            {self !== null && !self.isGuest ? (
              <AccountJoin code={code} name={self.displayName} />
            ) : (
              <>
                <GuestJoinForm code={code} />
                <p className="auth-switch">
                  {t('join.haveAccount')}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setWithAccount(true);
                    }}
                  >
                    {t('join.useAccount')}
                  </button>
                </p>
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}

function AccountJoin({ code, name }: { code: string; name: string }) {
  const t = useT();
  // Busy to the end: once joined, the conversation replaces this screen.
  const { busy, error, run } = useAsyncAction(errorText, { busyAfterSuccess: true });
  const join = () =>
    run(async () => {
      const detail = await joinApi.joinWithAccount(code);
      useConversations.getState().setDetail(detail);
      useConversations.getState().upsert(detail);
      openJoined(detail.id);
    });
  return (
    <div className="auth-form">
      <FormError error={error} />
      <button type="button" className="primary" disabled={busy} onClick={() => void join()}>
        {t('join.asAccount', { name })}
      </button>
      <button type="button" onClick={closeJoinLink}>
        {t('join.notNow')}
      </button>
    </div>
  );
}

function GuestJoinForm({ code }: { code: string }) {
  const t = useT();
  const uiLanguage = usePrefs((s) => s.uiLanguage);
  const [displayName, setDisplayName] = useState('');
  const [language, setLanguage] = useState<string>(navigator.language.split('-')[0] ?? uiLanguage);
  // Busy to the end: once joined, the conversation replaces this screen.
  const { busy, error, run } = useAsyncAction(errorText, { busyAfterSuccess: true });
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
      const guest = await joinApi.joinAsGuest(code, { displayName: displayName.trim(), language });
      // Kept like any sign-in (this browser's storage, refreshed as it expires): a reload keeps the guest in.
      session.set(guest);
      openJoined(guest.conversationId);
    });
  };
  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-labelledby="join-title">
      <TextField
        id="join-display-name"
        label={t('join.displayName')}
        hint={t('join.displayNameHint')}
        autoComplete="nickname"
        required
        value={displayName}
        onChange={setDisplayName}
      />
      <LanguageSelect
        id="join-language"
        label={t('auth.systemLanguage')}
        value={language}
        onChange={(code) => {
          if (code !== null) setLanguage(code);
        }}
      />
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.working') : t('join.asGuest')}
      </button>
    </form>
  );
}
