import { useCallback, useState } from 'react';
import type { Translate } from '../i18n/i18n.ts';
import { useT } from '../i18n/useT.ts';

/** Turns a failure into the sentence a form shows (each feature words its own: errorText, actionErrorText…). */
export type ErrorToText = (error: unknown, t: Translate) => string;

export interface AsyncActionOptions {
  /**
   * Leave `busy` on once the action succeeds: for actions after which this screen goes away (signing in,
   * joining, leaving), so the button cannot be pressed a second time while it does. Only a failure frees it.
   */
  busyAfterSuccess?: boolean;
}

/**
 * The state of a request a button or form sends: `busy` while it runs, then the failure, in the reader's
 * words, for a FormError. `run` clears the last error, runs the action and never throws: it resolves true
 * when the action succeeded, false when it failed (the error is then shown), so a caller can follow up.
 */
export function useAsyncAction(toText: ErrorToText, { busyAfterSuccess = false }: AsyncActionOptions = {}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action();
        if (!busyAfterSuccess) setBusy(false);
        return true;
      } catch (e) {
        setError(toText(e, t));
        setBusy(false);
        return false;
      }
    },
    [toText, t, busyAfterSuccess],
  );

  return { busy, error, run };
}
