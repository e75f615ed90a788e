import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { ModelsView } from '../models/ModelsView.tsx';
import { TranslationSettings } from '../settings/TranslationSettings.tsx';
import { finishFirstRun } from './firstRun.ts';

/**
 * The desktop app's first screen after sign-up: choose the languages, see the default model (size, license)
 * and download it with its progress bar, or skip; the same components as Settings and Models.
 */
export function FirstRunView({ onDone }: { onDone: () => void }) {
  const t = useT();
  const user = useAuth((s) => s.session?.user);
  const done = () => {
    finishFirstRun();
    onDone();
  };
  return (
    <section aria-labelledby="first-run-title" className="page-section first-run">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      {user !== undefined && <TranslationSettings user={user} />}
      <ModelsView defaultOnly />
      <div className="first-run-actions">
        <button type="button" onClick={done}>
          {t('firstRun.skip')}
        </button>
        <button type="button" className="primary" onClick={done}>
          {t('firstRun.continue')}
        </button>
      </div>
    </section>
  );
}
