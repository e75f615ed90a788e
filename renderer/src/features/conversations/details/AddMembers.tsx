import { useState, type SyntheticEvent } from 'react';
import type { PublicUser } from '../../../../../contract/users.ts';
import { cancelOnEscape } from '../../../components/cancelOnEscape.ts';
import { useT } from '../../../i18n/useT.ts';
import { togglePicked } from '../togglePicked.ts';
import { useUserSearch } from '../useUserSearch.ts';
import { UserResults } from '../UserResults.tsx';
import { actionErrorText } from './actionErrorText.ts';
import type { GroupActions } from './groupActions.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { useAsyncAction } from '../../../components/useAsyncAction.ts';

interface Props {
  conversationId: string;
  memberIds: string[];
  actions: GroupActions;
}

/** People search, as in "new conversation", to add several people at once; members already in are left out. */
export function AddMembers({ conversationId, memberIds, actions }: Props) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<PublicUser[]>([]);
  // On a refusal the selection is kept, so trying again is one click.
  const { busy, error, run } = useAsyncAction(actionErrorText);
  const [added, setAdded] = useState<string | null>(null);
  const results = useUserSearch(query).filter((u) => !memberIds.includes(u.id));

  const toggle = (user: PublicUser) => {
    setAdded(null);
    setPicked((p) => togglePicked(p, user));
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    await run(async () => {
      await actions.addMembers(
        conversationId,
        picked.map((u) => u.id),
      );
      setAdded(picked.map((u) => u.displayName).join(', '));
      setPicked([]);
      setQuery('');
    });
  };

  return (
    <form className="details-add" aria-labelledby="details-add-title" onSubmit={(e) => void submit(e)}>
      <h3 id="details-add-title">{t('details.addMembers')}</h3>
      <TextField
        id="details-user-search"
        label={t('new.searchUsers')}
        type="search"
        autoComplete="off"
        value={query}
        onChange={setQuery}
        // Escape with text clears the search (people already picked stay picked); an empty field lets it
        // close the dialog.
        onKeyDown={cancelOnEscape(() => {
          if (query === '') return false;
          setQuery('');
          return true;
        })}
      />
      <UserResults query={query} results={results} picked={picked} onToggle={toggle} />
      <p className="picked" aria-live="polite">
        {picked.length > 0 && `${t('new.selected')}: ${picked.map((u) => u.displayName).join(', ')}`}
        {added !== null && t('details.added', { names: added })}
      </p>
      <FormError error={error} />
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={picked.length === 0 || busy}>
          {picked.length === 0 ? t('details.addNone') : t('details.add', { count: picked.length })}
        </button>
      </div>
    </form>
  );
}
