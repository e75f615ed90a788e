import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { LIMITS } from '../../../../../contract/limits.ts';
import { useT } from '../../../i18n/useT.ts';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';

interface Props {
  conversationId: string;
  description: string | null;
  /** The same people who may rename the group may describe it. */
  canEdit: boolean;
  actions: GroupActions;
}

/** What the group is about: editable by those the server lets manage it, read-only (or absent) for others. */
export function GroupDescription({ conversationId, description, canEdit, actions }: Props) {
  const t = useT();
  const current = description ?? '';
  // null while untouched, so a change made by someone else shows here live instead of a stale copy.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  // Saving disables the button (nothing left to save), which drops focus to the page: back to the text.
  useEffect(() => {
    if (saved) field.current?.focus();
  }, [saved]);

  if (!canEdit) {
    if (current === '') return null;
    return (
      <p className="details-description">
        <span className="field-label">{t('details.description')}</span> {current}
      </p>
    );
  }

  const value = draft ?? current;
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await actions.describe(conversationId, value.trim());
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
      <label htmlFor="details-description-input">{t('details.description')}</label>
      <textarea
        ref={field}
        id="details-description-input"
        rows={2}
        maxLength={LIMITS.conversationDescriptionMaxLength}
        value={value}
        onChange={(e) => {
          setDraft(e.target.value);
          setSaved(false);
        }}
      />
      <div className="row">
        <button type="submit" disabled={busy || value.trim() === current}>
          {t('details.saveDescription')}
        </button>
      </div>
      <p className="field-hint" role="status">
        {saved ? t('details.descriptionSaved') : ''}
      </p>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
