import { describe, expect, it } from 'vitest';
import type { MessageDto } from '../../../../contract/messages.ts';
import type { LanguageSettings } from '../../../../contract/users.ts';
import { bubbleText } from './bubbleText.ts';
import type { TranslationEntry } from './translationStore.ts';

const reader: LanguageSettings = {
  systemLanguage: 'en',
  regionalLanguage: null,
  customDestinationLanguage: null,
  autoTranslateEnabled: true,
  translateToSystemLanguage: true,
  translateToRegionalLanguage: false,
  useCustomDestination: false,
  readLanguages: [],
};
const message = {
  id: 'm1',
  content: 'Bonjour à tous',
  originalLanguage: 'fr',
  deletedAt: null,
} as MessageDto;
const translated: Record<string, TranslationEntry> = {
  en: {
    status: 'translated',
    content: 'Hello everyone',
    tier: 'basic',
    sourceLanguage: 'fr',
    model: 'test',
  },
  de: { status: 'failed', error: 'model missing' },
};

describe('bubbleText', () => {
  it("shows the reader's translation, labelled with the source", () => {
    expect(bubbleText(message, reader, translated, { kind: 'auto' })).toEqual({
      kind: 'translated',
      text: 'Hello everyone',
      targetLanguage: 'en',
      sourceLanguage: 'fr',
    });
  });
  it('shows the original on request', () => {
    expect(bubbleText(message, reader, translated, { kind: 'original' })).toMatchObject({
      kind: 'original',
      text: 'Bonjour à tous',
      reason: 'chosen',
    });
  });
  it('never substitutes another language: the original with a state instead', () => {
    expect(
      bubbleText(message, reader, { de: translated['de'] as TranslationEntry }, { kind: 'auto' }),
    ).toEqual({
      kind: 'untranslated',
      text: 'Bonjour à tous',
      targetLanguage: 'en',
    });
    expect(
      bubbleText(message, reader, { en: { status: 'pending', tier: null } }, { kind: 'auto' }),
    ).toMatchObject({
      kind: 'pending',
      text: 'Bonjour à tous',
    });
    expect(bubbleText(message, reader, translated, { kind: 'language', language: 'de' })).toMatchObject({
      kind: 'failed',
      error: 'model missing',
    });
  });
  it('leaves messages in the reader language alone', () => {
    const english = { ...message, content: 'Hi', originalLanguage: 'en' };
    expect(bubbleText(english, reader, undefined, { kind: 'auto' })).toMatchObject({
      kind: 'original',
      reason: 'own-language',
    });
  });
});
