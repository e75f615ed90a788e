// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageDto } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { useAuth } from '../auth/authStore.ts';
import { usePrefs } from '../settings/prefsStore.ts';
import { useBubbleText } from './useBubbleText.ts';
import { TranslationLine } from './TranslationLine.tsx';
import { useTranslations } from './translationStore.ts';

const message = {
  id: 'm1',
  conversationId: 'c1',
  sender: { id: 'writer', username: 'writer', displayName: 'Writer' },
  content: 'Bonjour à tous',
  originalLanguage: 'fr',
  deletedAt: null,
  version: 1,
} as MessageDto;

/** The text and the line under it, as a bubble renders them. */
function Bubble() {
  const shown = useBubbleText(message);
  return (
    <div>
      <p data-testid="text">{shown.text}</p>
      <TranslationLine message={message} shown={shown} />
    </div>
  );
}

beforeEach(() => {
  usePrefs.setState({ uiLanguage: 'en' });
  useAuth.setState({
    session: {
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: Date.now() + 60_000,
      user: {
        id: 'u1',
        systemLanguage: 'en',
        regionalLanguage: null,
        customDestinationLanguage: null,
        autoTranslateEnabled: true,
        translateToSystemLanguage: true,
        translateToRegionalLanguage: false,
        useCustomDestination: false,
        readLanguages: [],
      } as unknown as SelfUser,
    },
  });
  useTranslations.setState({ available: true, entries: {}, views: {} });
});
afterEach(cleanup);

describe('TranslationLine', () => {
  it('goes from pending to translated, and to the original and back in one click each', () => {
    useTranslations.getState().markPending('m1', 'en', null);
    render(<Bubble />);
    expect(screen.getByRole('status').textContent).toBe('Translating into English…');
    expect(screen.getByTestId('text').textContent).toBe('Bonjour à tous');

    // The socket event arrives: the bubble switches to the translation by itself.
    act(() => {
      useTranslations.getState().applyTranslation({
        messageId: 'm1',
        conversationId: 'c1',
        sourceLanguage: 'fr',
        targetLanguage: 'en',
        content: 'Hello everyone',
        tier: 'basic',
        model: 'Xenova/nllb-200-distilled-600M',
        confidence: null,
        createdAt: '2026-01-01T00:00:00Z',
      });
    });
    expect(screen.getByTestId('text').textContent).toBe('Hello everyone');
    expect(screen.getByText(/Translated from French/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'View original' }));
    expect(screen.getByTestId('text').textContent).toBe('Bonjour à tous');
    fireEvent.click(screen.getByRole('button', { name: 'View translation' }));
    expect(screen.getByTestId('text').textContent).toBe('Hello everyone');
  });

  it('shows a failure as an alert with a retry', () => {
    useTranslations.getState().applyFailure({
      messageId: 'm1',
      conversationId: 'c1',
      targetLanguage: 'en',
      code: 'MODEL_NOT_READY',
      message: 'no model',
    });
    render(<Bubble />);
    expect(screen.getByRole('alert').textContent).toContain('Translation into English failed');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.getByTestId('text').textContent).toBe('Bonjour à tous');
  });

  it('speaks the interface language', () => {
    usePrefs.setState({ uiLanguage: 'fr' });
    useTranslations.getState().markPending('m1', 'en', null);
    render(<Bubble />);
    expect(screen.getByRole('status').textContent).toBe('Traduction en anglais…');
  });
});
