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
  sender: { id: 'writer', username: 'writer', displayName: 'Writer' },
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
    expect(bubbleText(message, reader, translated, { kind: 'auto' }, 'reader')).toEqual({
      kind: 'translated',
      text: 'Hello everyone',
      targetLanguage: 'en',
      sourceLanguage: 'fr',
    });
  });
  it('shows the original on request', () => {
    expect(bubbleText(message, reader, translated, { kind: 'original' }, 'reader')).toMatchObject({
      kind: 'original',
      text: 'Bonjour à tous',
      reason: 'chosen',
    });
  });
  it('never substitutes another language: the original with a state instead', () => {
    expect(
      bubbleText(message, reader, { de: translated['de'] as TranslationEntry }, { kind: 'auto' }, 'reader'),
    ).toEqual({
      kind: 'untranslated',
      text: 'Bonjour à tous',
      targetLanguage: 'en',
    });
    expect(
      bubbleText(message, reader, { en: { status: 'pending', tier: null } }, { kind: 'auto' }, 'reader'),
    ).toMatchObject({
      kind: 'pending',
      text: 'Bonjour à tous',
    });
    expect(
      bubbleText(message, reader, translated, { kind: 'language', language: 'de' }, 'reader'),
    ).toMatchObject({
      kind: 'failed',
      error: 'model missing',
    });
  });
  it('shows writers their own words, even when they were detected as another language', () => {
    const mine = { ...message, sender: { ...message.sender, id: 'reader' } };
    expect(bubbleText(mine, reader, translated, { kind: 'auto' }, 'reader')).toMatchObject({
      kind: 'original',
      text: 'Bonjour à tous',
    });
  });
  it('leaves messages in the reader language alone', () => {
    const english = { ...message, content: 'Hi', originalLanguage: 'en' };
    expect(bubbleText(english, reader, undefined, { kind: 'auto' }, 'reader')).toMatchObject({
      kind: 'original',
      reason: 'own-language',
    });
  });
});
