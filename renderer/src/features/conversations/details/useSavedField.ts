import { useState, type SyntheticEvent } from 'react';
import { useAsyncAction } from '../../../components/useAsyncAction.ts';
import { actionErrorText } from './actionErrorText.ts';

/**
 * One editable text of a group (its name, its description): a draft over the current value, saved on
 * submit, with the request's state. The draft is null while untouched, so a change someone else makes
 * shows live instead of a stale copy; after a refusal the draft stays, for the user to fix or retry.
 */
export function useSavedField(current: string, save: (value: string) => Promise<void>) {
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, run } = useAsyncAction(actionErrorText);
  const [saved, setSaved] = useState(false);
  const value = draft ?? current;

  const change = (next: string) => {
    setDraft(next);
    setSaved(false);
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setSaved(false);
    await run(async () => {
      await save(value.trim());
      setDraft(null);
      setSaved(true);
    });
  };

  return { value, change, submit, error, busy, saved };
}
