import type { MessageDto } from '../../../../contract/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { languageName } from '../../i18n/i18n.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import type { BubbleText } from './bubbleText.ts';
import { requestTranslation } from './requestTranslation.ts';
import { useTranslations } from './translationStore.ts';

/** The line under a bubble that says what the reader is looking at, with the one-click way back. */
export function TranslationLine({
  message,
  shown,
  tabIndex = 0,
}: {
  message: MessageDto;
  shown: BubbleText;
  tabIndex?: number;
}) {
  const t = useT();
  const ui = usePrefs((s) => s.uiLanguage);
  const setView = useTranslations((s) => s.setView);
  const source = message.originalLanguage === null ? '?' : languageName(message.originalLanguage, ui);

  switch (shown.kind) {
    case 'translated':
      return (
        <p className="translation-line" data-state="translated">
          {t('tr.translatedFrom', { language: languageName(shown.sourceLanguage, ui) })} ·{' '}
          <button
            type="button"
            tabIndex={tabIndex}
            className="link"
            onClick={() => {
              setView(message.id, { kind: 'original' });
            }}
          >
            {t('tr.viewOriginal')}
          </button>
        </p>
      );
    case 'original':
      if (shown.reason !== 'chosen') return null;
      return (
        <p className="translation-line" data-state="original">
          {t('tr.original', { language: source })} ·{' '}
          <button
            type="button"
            tabIndex={tabIndex}
            className="link"
            onClick={() => {
              setView(message.id, { kind: 'auto' });
            }}
          >
            {t('tr.viewTranslation')}
          </button>
        </p>
      );
    case 'pending':
      return (
        <p className="translation-line" data-state="pending" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('tr.pending', { language: languageName(shown.targetLanguage, ui) })}
        </p>
      );
    case 'failed':
      return (
        <p className="translation-line failed" data-state="failed" role="alert">
          {t('tr.failed', { language: languageName(shown.targetLanguage, ui) })} ·{' '}
          <button
            type="button"
            tabIndex={tabIndex}
            className="link"
            onClick={() =>
              void requestTranslation(message.conversationId, message.id, shown.targetLanguage, null)
            }
          >
            {t('tr.retry')}
          </button>
        </p>
      );
    case 'untranslated':
      return (
        <p className="translation-line muted" data-state="untranslated">
          {t('tr.notTranslated')} · {source}
        </p>
      );
  }
}
