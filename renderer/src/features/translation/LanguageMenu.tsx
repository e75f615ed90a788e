import { useEffect, useId, useRef, useState } from 'react';
import type { MessageDto } from '../../../../contract/messages.ts';
import { MODEL_TIERS } from '../../../../contract/translations.ts';
import { useT } from '../../i18n/useT.ts';
import { languageName } from '../../i18n/i18n.ts';
import { findLanguage, LANGUAGES, type CatalogLanguage } from '../../lib/languages.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { nextTier, requestTranslation } from './requestTranslation.ts';
import { useTranslations } from './translationStore.ts';

/** Per-message languages: the original, the translations that exist, and new ones on request. */
export function LanguageMenu({ message, onClose }: { message: MessageDto; onClose: () => void }) {
  const t = useT();
  const ui = usePrefs((s) => s.uiLanguage);
  const available = useTranslations((s) => s.available);
  const serverLanguages = useTranslations((s) => s.languages);
  // The server says which languages its models translate; the catalog adds native names and flags.
  const languages: CatalogLanguage[] =
    serverLanguages === null
      ? [...LANGUAGES]
      : serverLanguages.map(
          (l) => findLanguage(l.code) ?? { code: l.code, name: l.name, nativeName: l.name, flag: '' },
        );
  const entries = useTranslations((s) => s.entries[message.id]) ?? {};
  const setView = useTranslations((s) => s.setView);
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);

  const choose = (view: Parameters<typeof setView>[1]) => {
    setView(message.id, view);
    onClose();
  };
  const q = filter.trim().toLowerCase();
  const candidates = languages.filter(
    (l) =>
      l.code !== message.originalLanguage &&
      (q === '' || `${l.name} ${l.nativeName} ${l.code}`.toLowerCase().includes(q)),
  );

  return (
    <div
      className="language-menu"
      ref={ref}
      role="dialog"
      aria-label={t('tr.menuTitle')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="row spread">
        <strong>{t('tr.menuTitle')}</strong>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <h3>{t('tr.available')}</h3>
      <ul>
        <li>
          <button
            type="button"
            onClick={() => {
              choose({ kind: 'original' });
            }}
          >
            {t('tr.original', {
              language: message.originalLanguage === null ? '?' : languageName(message.originalLanguage, ui),
            })}
          </button>
        </li>
        {Object.entries(entries).map(([lang, entry]) => (
          <li key={lang} className="row">
            <button
              type="button"
              onClick={() => {
                choose({ kind: 'language', language: lang });
              }}
            >
              {languageName(lang, ui)} ·{' '}
              {entry.status === 'translated'
                ? t(`tr.tier.${entry.tier}`)
                : entry.status === 'pending'
                  ? '…'
                  : '⚠'}
            </button>
            {entry.status === 'translated' && nextTier(entry.tier) !== null && available === true && (
              <button
                type="button"
                onClick={() => {
                  const tier = nextTier(entry.tier);
                  void requestTranslation(message.conversationId, message.id, lang, tier);
                  onClose();
                }}
              >
                {t('tr.upgrade', { tier: t(`tr.tier.${nextTier(entry.tier) ?? 'premium'}`) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('tr.generate')}</h3>
      {available !== true ? (
        <p className="hint">{t('tr.unavailable')}</p>
      ) : (
        <>
          <label htmlFor={filterId} className="visually-hidden">
            {t('tr.searchLanguage')}
          </label>
          <input
            id={filterId}
            type="search"
            placeholder={t('tr.searchLanguage')}
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
            }}
          />
          <ul className="language-candidates">
            {candidates.slice(0, 12).map((l) => (
              <li key={l.code} className="row spread">
                <span>
                  <span aria-hidden="true">{l.flag}</span> {l.nativeName}
                </span>
                <span className="row">
                  {MODEL_TIERS.map((tier) => (
                    <button
                      key={tier}
                      type="button"
                      aria-label={`${l.nativeName} · ${t(`tr.tier.${tier}`)}`}
                      onClick={() => {
                        void requestTranslation(message.conversationId, message.id, l.code, tier);
                        onClose();
                      }}
                    >
                      {t(`tr.tier.${tier}`)}
                    </button>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
