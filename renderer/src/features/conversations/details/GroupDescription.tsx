import { useEffect, useRef } from 'react';
import { LIMITS } from '../../../../../contract/limits.ts';
import { useT } from '../../../i18n/useT.ts';
import type { GroupActions } from './groupActions.ts';
import { useSavedField } from './useSavedField.ts';
import { FormError } from '../../../components/FormError.tsx';

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
  const edit = useSavedField(current, (value) => actions.describe(conversationId, value));
  const field = useRef<HTMLTextAreaElement>(null);
  // Saving disables the button (nothing left to save), which drops focus to the page: back to the text.
  useEffect(() => {
    if (edit.saved) field.current?.focus();
  }, [edit.saved]);

  if (!canEdit) {
    if (current === '') return null;
    return (
      <p className="details-description">
        <span className="field-label">{t('details.description')}</span> {current}
      </p>
    );
  }

  return (
    <form className="field" onSubmit={(e) => void edit.submit(e)}>
      <label htmlFor="details-description-input">{t('details.description')}</label>
      <textarea
        ref={field}
        id="details-description-input"
        rows={2}
        maxLength={LIMITS.conversationDescriptionMaxLength}
        value={edit.value}
        onChange={(e) => {
          edit.change(e.target.value);
        }}
      />
      <div className="row">
        <button type="submit" disabled={edit.busy || edit.value.trim() === current}>
          {t('details.saveDescription')}
        </button>
      </div>
      <p className="field-hint" role="status">
        {edit.saved ? t('details.descriptionSaved') : ''}
      </p>
      <FormError error={edit.error} />
    </form>
  );
}
