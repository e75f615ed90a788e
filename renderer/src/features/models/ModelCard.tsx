import { useState } from 'react';
import {
  modelProvisionHints,
  type ModelInfo,
  type ModelProgressEvent,
} from '../../../../contract/translations.ts';
import { translationApi } from '../../app/services.ts';
import { useT } from '../../i18n/useT.ts';
import { errorText } from '../auth/errorText.ts';
import { usePrefs } from '../settings/prefsStore.ts';

function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${units[unit] ?? 'B'}`;
}

export function ModelCard({
  model,
  progress,
  onUpdate,
  canImport = false,
  canManage = true,
  download: requestDownload = (tier, acceptLicense) => translationApi.downloadModel(tier, acceptLicense),
}: {
  model: ModelInfo;
  /** Starts the download: the server's by default; the desktop app's for the model of this device. */
  download?: (tier: ModelInfo['tier'], acceptLicense: boolean) => Promise<ModelInfo>;
  progress: ModelProgressEvent | undefined;
  /**
   * Whether the signed-in account may download or remove models (the server's owner or an operator).
   * Others see the models and their state, and why they cannot act, instead of buttons the server refuses.
   */
  canManage?: boolean;
  /** The server's answer to a download or import request: the tier's new state. */
  onUpdate?: (model: ModelInfo) => void;
  /** The server's owner may install a model folder of this machine into the tier. */
  canImport?: boolean;
}) {
  const t = useT();
  const ui = usePrefs((s) => s.uiLanguage);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [folder, setFolder] = useState('');
  const [importing, setImporting] = useState(false);
  const state = progress?.state ?? model.state;
  const ratio = progress?.progress ?? model.progress;
  const hints = modelProvisionHints(model.tier);
  // Only a hub model can be fetched; an unpinned tier says how to provide one instead of offering a failing download.
  const downloadable = model.source === 'hub';

  const download = (accept: boolean) => {
    setAsking(false);
    setError(null);
    requestDownload(model.tier, accept).then(
      (updated) => onUpdate?.(updated),
      (e: unknown) => {
        setError(errorText(e, t));
      },
    );
  };

  const importFolder = () => {
    setError(null);
    setImporting(true);
    translationApi.importModel(model.tier, folder.trim()).then(
      (updated) => {
        setImporting(false);
        setFolder('');
        onUpdate?.(updated);
      },
      (e: unknown) => {
        setImporting(false);
        setError(errorText(e, t));
      },
    );
  };

  return (
    <li className="model-card">
      <h2>
        {t(`tr.tier.${model.tier}`)}
        {model.isDefault && <span className="badge model-default">{t('models.default')}</span>}
      </h2>
      {model.repo !== '' && <p>{model.repo}</p>}
      {model.source === 'unpinned' && <p className="model-unpinned">{t('models.unpinned', hints)}</p>}
      {model.source === 'imported' && <p>{t('models.imported', hints)}</p>}
      {/* 0 means the catalog does not know the size in advance: say so rather than "0 B". */}
      {model.source !== 'unpinned' && (
        <p>
          {model.sizeBytes > 0
            ? t('models.size', { size: formatBytes(model.sizeBytes, ui) })
            : t('models.sizeUnknown')}
        </p>
      )}
      <p>{t('models.license', { license: model.license })}</p>
      <p data-state={state}>{t(`models.state.${state}`)}</p>
      {(error ?? model.error) !== null && <p className="form-error">{error ?? model.error}</p>}
      {ratio !== null && (state === 'downloading' || state === 'loading') && (
        <progress max={1} value={ratio} aria-label={`${t(`models.state.${state}`)} ${model.tier}`} />
      )}
      {downloadable && !canManage && (state === 'absent' || state === 'failed') && (
        <p className="hint">{t('models.managersOnly')}</p>
      )}
      {downloadable && canManage && (state === 'absent' || state === 'failed') && !asking && (
        <button
          type="button"
          onClick={() => {
            if (model.requiresConsent) setAsking(true);
            else download(false);
          }}
        >
          {t('models.download')}
        </button>
      )}
      {canManage && asking && (
        <div role="alertdialog" aria-label={t('models.consent', { license: model.license })}>
          <p>{t('models.consent', { license: model.license })}</p>
          <button
            type="button"
            onClick={() => {
              setAsking(false);
            }}
          >
            {t('new.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              download(true);
            }}
          >
            {t('models.accept')}
          </button>
        </div>
      )}
      {canImport && (
        <form
          className="model-import"
          onSubmit={(event) => {
            event.preventDefault();
            importFolder();
          }}
        >
          <label>
            {t('models.importFolder')}
            <input
              type="text"
              value={folder}
              onChange={(event) => {
                setFolder(event.target.value);
              }}
              disabled={importing}
            />
          </label>
          <button type="submit" disabled={importing || folder.trim() === ''}>
            {t('models.import')}
          </button>
          {importing && <p role="status">{t('models.importing')}</p>}
        </form>
      )}
    </li>
  );
}
