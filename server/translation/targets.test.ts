import { describe, expect, it } from 'vitest';
import type { ReaderLanguages } from '../db/repository.ts';
import { sameLanguage, translationTargets, wantedLanguages } from './targets.ts';

const reader = (overrides: Partial<ReaderLanguages>): ReaderLanguages => ({
  userId: 'u',
  systemLanguage: 'en',
  regionalLanguage: null,
  customDestinationLanguage: null,
  autoTranslateEnabled: true,
  translateToSystemLanguage: true,
  translateToRegionalLanguage: false,
  useCustomDestination: false,
  readLanguages: [],
  ...overrides,
});

describe('translation targets', () => {
  it('the system language is always wanted, even with auto-translate off', () => {
    expect(wantedLanguages(reader({ systemLanguage: 'fr', autoTranslateEnabled: false }))).toEqual(['fr']);
  });

  it('regional and custom languages only when the flags ask for them', () => {
    const base = { systemLanguage: 'fr', regionalLanguage: 'de', customDestinationLanguage: 'ja' };
    expect(wantedLanguages(reader(base))).toEqual(['fr']);
    expect(wantedLanguages(reader({ ...base, translateToRegionalLanguage: true }))).toEqual(['fr', 'de']);
    expect(wantedLanguages(reader({ ...base, useCustomDestination: true }))).toEqual(['fr', 'ja']);
    expect(
      wantedLanguages(
        reader({
          ...base,
          translateToRegionalLanguage: true,
          useCustomDestination: true,
          autoTranslateEnabled: false,
        }),
      ),
    ).toEqual(['fr']);
  });

  it('is the union over readers, without the source language, each language once', () => {
    const readers = [
      reader({ systemLanguage: 'fr' }),
      reader({ systemLanguage: 'en' }),
      reader({ systemLanguage: 'es', regionalLanguage: 'fr', translateToRegionalLanguage: true }),
    ];
    expect(translationTargets('en', readers)).toEqual(['es', 'fr']);
  });

  it('leaves out readers who read the source language as it is', () => {
    const readers = [
      reader({ systemLanguage: 'fr', readLanguages: ['en'] }),
      reader({ systemLanguage: 'de' }),
    ];
    expect(translationTargets('en', readers)).toEqual(['de']);
    expect(translationTargets('es', readers)).toEqual(['de', 'fr']);
  });

  it('with an unknown source, every wanted language is a target', () => {
    expect(
      translationTargets(null, [reader({ systemLanguage: 'fr' }), reader({ systemLanguage: 'en' })]),
    ).toEqual(['en', 'fr']);
  });

  it('treats a region variant as its language, but not across Chinese scripts', () => {
    expect(sameLanguage('pt', 'pt-BR')).toBe(true);
    expect(sameLanguage('pt-PT', 'pt-BR')).toBe(false);
    expect(sameLanguage('zh', 'zh-TW')).toBe(false);
    expect(translationTargets('pt', [reader({ systemLanguage: 'pt-BR' })])).toEqual([]);
    expect(translationTargets('zh', [reader({ systemLanguage: 'zh-TW' })])).toEqual(['zh-TW']);
  });
});
