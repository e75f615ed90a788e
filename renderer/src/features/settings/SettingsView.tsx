import { api } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { signOut } from '../auth/signOut.ts';
import { DevicesSection } from './devices/DevicesSection.tsx';
import { ThemePicker } from './ThemePicker.tsx';
import { TranslationSettings } from './TranslationSettings.tsx';
import { UiLanguagePicker } from './UiLanguagePicker.tsx';

export function SettingsView() {
  const t = useT();
  const user = useAuth((s) => s.session?.user);
  return (
    <section aria-labelledby="settings-title" className="page-section">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <h2>{t('settings.interface')}</h2>
      <UiLanguagePicker />
      <ThemePicker />
      {user !== undefined && <TranslationSettings user={user} />}
      <h2>{t('settings.account')}</h2>
      {user !== undefined && (
        <p>
          {user.displayName} · @{user.username} · {user.email}
        </p>
      )}
      <button type="button" className="danger" onClick={() => void signOut()}>
        {t('auth.signOut')}
      </button>
      <DevicesSection api={api} />
    </section>
  );
}
