// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usePrefs } from '../features/settings/prefsStore.ts';
import type { Translate } from '../i18n/i18n.ts';
import { useAsyncAction } from './useAsyncAction.ts';

/** An action the test finishes by hand, to look at the state while it runs. */
function pending() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Words the failure with the interface's translator, as the real error-to-text functions do. */
const wordError = (error: unknown, t: Translate) => t('common.error', { message: String(error) });

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
});
afterEach(cleanup);

describe('useAsyncAction', () => {
  it('is busy while the action runs and free again once it succeeds, with no error', async () => {
    const { result } = renderHook(() => useAsyncAction(wordError));
    expect(result.current.busy).toBe(false);
    const action = pending();
    let outcome: Promise<boolean> | undefined;
    act(() => {
      outcome = result.current.run(() => action.promise);
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      action.resolve();
      expect(await outcome).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it('shows a failure in the words of the given function and translator, frees the button, never throws', async () => {
    const { result } = renderHook(() => useAsyncAction(wordError));
    let outcome: boolean | undefined;
    await act(async () => {
      outcome = await result.current.run(() => Promise.reject(new Error('refused')));
    });
    expect(outcome).toBe(false);
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBe('Something went wrong: Error: refused');
  });

  it('clears the last error as soon as the next attempt starts', async () => {
    const { result } = renderHook(() => useAsyncAction(wordError));
    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('first')));
    });
    expect(result.current.error).not.toBeNull();
    const retry = pending();
    act(() => {
      void result.current.run(() => retry.promise);
    });
    expect(result.current.error).toBeNull();
    await act(async () => {
      retry.resolve();
      await retry.promise;
    });
    expect(result.current.error).toBeNull();
  });

  it('with busyAfterSuccess stays busy after a success (the screen goes away) but not after a failure', async () => {
    const { result } = renderHook(() => useAsyncAction(wordError, { busyAfterSuccess: true }));
    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('try again')));
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBe('Something went wrong: Error: try again');
    await act(async () => {
      expect(await result.current.run(() => Promise.resolve())).toBe(true);
    });
    expect(result.current.busy).toBe(true);
    expect(result.current.error).toBeNull();
  });
});
