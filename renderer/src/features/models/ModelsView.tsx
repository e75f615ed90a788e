import { useEffect, useState } from 'react';
import type { ModelInfo } from '../../../../contract/translations.ts';
import { translationApi } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { errorText } from '../auth/errorText.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { ModelCard } from './ModelCard.tsx';

/**
 * Tiers, sizes, licenses and download state, wired to GET /api/models (contract/translations.ts);
 * `defaultOnly` shows the default model alone (the desktop app's first run).
 */
export function ModelsView({ defaultOnly = false }: { defaultOnly?: boolean }) {
  const t = useT();
  const [models, setModels] = useState<ModelInfo[] | null | 'loading'>('loading');
  const [error, setError] = useState<string | null>(null);
  const progress = useTranslations((s) => s.models);
  // The server refuses an import from anyone else, and from another machine.
  const isOwner = useAuth((s) => s.session?.user.role === 'owner');

  useEffect(() => {
    translationApi.models().then(setModels, (e: unknown) => {
      setModels(null);
      setError(errorText(e, t));
    });
  }, [t]);

  return (
    <section aria-labelledby="models-title" className="page-section">
      <h1 id="models-title">{t('models.title')}</h1>
      <p>{t('models.intro')}</p>
      {models === 'loading' && <p role="status">{t('common.loading')}</p>}
      {models === null && <p className="notice">{error}</p>}
      {Array.isArray(models) && (
        <ul className="model-list">
          {models
            .filter((m) => !defaultOnly || m.isDefault)
            .map((m) => (
              <ModelCard
                key={m.tier}
                model={m}
                progress={progress[m.tier]}
                canImport={isOwner && !defaultOnly}
                onUpdate={(updated) => {
                  setModels((list) =>
                    Array.isArray(list) ? list.map((x) => (x.tier === updated.tier ? updated : x)) : list,
                  );
                }}
              />
            ))}
        </ul>
      )}
    </section>
  );
}
