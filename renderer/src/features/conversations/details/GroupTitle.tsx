import { LIMITS } from '../../../../../contract/limits.ts';
import { useT } from '../../../i18n/useT.ts';
import type { GroupActions } from './groupActions.ts';
import { useSavedField } from './useSavedField.ts';
import { TextField } from '../../../components/TextField.tsx';

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
    <form onSubmit={(e) => void field.submit(e)}>
      <TextField
        id="details-name-input"
        label={t('details.name')}
        required
        maxLength={LIMITS.conversationTitleMaxLength}
        value={field.value}
        onChange={field.change}
        error={field.error}
        action={
          <button type="submit" disabled={field.busy || trimmed === '' || trimmed === title}>
            {t('details.rename')}
          </button>
        }
      >
        <p className="field-hint" role="status">
          {field.saved ? t('details.renamed') : ''}
        </p>
      </TextField>
    </form>
  );
}
