import { useState, type SyntheticEvent } from 'react';
import { useT } from '../../../i18n/useT.ts';
import { actionErrorText } from './actionErrorText.ts';

/**
 * One editable text of a group (its name, its description): a draft over the current value, saved on
 * submit, with the request's state. The draft is null while untouched, so a change someone else makes
 * shows live instead of a stale copy; after a refusal the draft stays, for the user to fix or retry.
 */
export function useSavedField(current: string, save: (value: string) => Promise<void>) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const value = draft ?? current;

  const change = (next: string) => {
    setDraft(next);
    setSaved(false);
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await save(value.trim());
      setDraft(null);
      setSaved(true);
    } catch (e) {
      setError(actionErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return { value, change, submit, error, busy, saved };
}
