import { LIMITS } from '../../../../../contract/limits.ts';
import { useT } from '../../../i18n/useT.ts';
import type { GroupActions } from './groupActions.ts';
import { useSavedField } from './useSavedField.ts';

interface Props {
  conversationId: string;
  title: string;
  canRename: boolean;
  actions: GroupActions;
}

/** The group's name: a form for those the server lets rename it, plain text for everyone else. */
export function GroupTitle({ conversationId, title, canRename, actions }: Props) {
  const t = useT();
  const field = useSavedField(title, (value) => actions.rename(conversationId, value));

  if (!canRename) {
    return (
      <p className="details-name">
        <span className="field-label">{t('details.name')}</span> <strong>{title}</strong>
      </p>
    );
  }

  const trimmed = field.value.trim();

  return (
    <form className="field" onSubmit={(e) => void field.submit(e)}>
      <label htmlFor="details-name-input">{t('details.name')}</label>
      <div className="row">
        <input
          id="details-name-input"
          required
          maxLength={LIMITS.conversationTitleMaxLength}
          value={field.value}
          onChange={(e) => {
            field.change(e.target.value);
          }}
        />
        <button type="submit" disabled={field.busy || trimmed === '' || trimmed === title}>
          {t('details.rename')}
        </button>
      </div>
      <p className="field-hint" role="status">
        {field.saved ? t('details.renamed') : ''}
      </p>
      {field.error !== null && (
        <p className="form-error" role="alert">
          {field.error}
        </p>
      )}
    </form>
  );
}
