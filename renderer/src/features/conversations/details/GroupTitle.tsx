import { useState, type SyntheticEvent } from 'react';
import { LIMITS } from '../../../../../contract/limits.ts';
import { useT } from '../../../i18n/useT.ts';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';

interface Props {
  conversationId: string;
  title: string;
  canRename: boolean;
  actions: GroupActions;
}

/** The group's name: a form for those the server lets rename it, plain text for everyone else. */
export function GroupTitle({ conversationId, title, canRename, actions }: Props) {
  const t = useT();
  // null while untouched, so a rename made by someone else shows here live instead of a stale copy.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  if (!canRename) {
    return (
      <p className="details-name">
        <span className="field-label">{t('details.name')}</span> <strong>{title}</strong>
      </p>
    );
  }

  const value = draft ?? title;
  const trimmed = value.trim();
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await actions.rename(conversationId, trimmed);
      setDraft(null);
      setSaved(true);
    } catch (e) {
      // The draft stays in the field: the user can fix it or try again.
      setError(actionErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="field" onSubmit={(e) => void submit(e)}>
      <label htmlFor="details-name-input">{t('details.name')}</label>
      <div className="row">
        <input
          id="details-name-input"
          required
          maxLength={LIMITS.conversationTitleMaxLength}
          value={value}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
        />
        <button type="submit" disabled={busy || trimmed === '' || trimmed === title}>
          {t('details.rename')}
        </button>
      </div>
      <p className="field-hint" role="status">
        {saved ? t('details.renamed') : ''}
      </p>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
