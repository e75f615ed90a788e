import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageTranslationDto } from '../../../../contract/translations.ts';
import { useTranslations } from './translationStore.ts';

const french: MessageTranslationDto = {
  messageId: 'm1',
  conversationId: 'c1',
  sourceLanguage: 'en',
  targetLanguage: 'fr',
  content: 'le chat',
  tier: 'medium',
  model: 'nllb',
  confidence: 0.9,
  createdAt: '2026-11-25T10:00:00.000Z',
};

describe('translations follow the text they were made for', () => {
  beforeEach(() => {
    useTranslations.getState().clear();
  });

  it('an edited copy drops them, even when the earlier copy was never loaded as a timeline', () => {
    const store = useTranslations.getState();
    expect(store.noteText('m1', 3, null)).toBe(true);
    store.applyTranslation(french);
    expect(useTranslations.getState().entries.m1?.fr).toMatchObject({
      status: 'translated',
      content: 'le chat',
    });
    // A reaction or a new translation raises the version without an edit: nothing is dropped.
    expect(useTranslations.getState().noteText('m1', 4, null)).toBe(true);
    expect(useTranslations.getState().entries.m1?.fr).toBeDefined();
    // The edit.
    expect(useTranslations.getState().noteText('m1', 6, '2026-11-25T10:05:00.000Z')).toBe(true);
    expect(useTranslations.getState().entries.m1).toEqual({});
  });

  it('a copy older than one already seen is ignored and drops nothing', () => {
    const store = useTranslations.getState();
    store.noteText('m1', 6, '2026-11-25T10:05:00.000Z');
    store.applyTranslation({ ...french, content: 'le chien' });
    expect(useTranslations.getState().noteText('m1', 3, null)).toBe(false);
    expect(useTranslations.getState().entries.m1?.fr).toMatchObject({ content: 'le chien' });
  });

  it('sign-out forgets every translation and view choice', () => {
    const store = useTranslations.getState();
    store.applyTranslation(french);
    store.setView('m1', { kind: 'original' });
    store.clear();
    expect(useTranslations.getState().entries).toEqual({});
    expect(useTranslations.getState().views).toEqual({});
  });
});
