import { describe, expect, it } from 'vitest';
import type { LanguageSettings } from '../../../../contract/users.ts';
import { needsTranslation, resolveDisplayLanguage } from './displayLanguage.ts';

const base: LanguageSettings = {
  systemLanguage: 'fr',
  regionalLanguage: 'ln',
  customDestinationLanguage: 'es',
  autoTranslateEnabled: true,
  translateToSystemLanguage: false,
  translateToRegionalLanguage: false,
  useCustomDestination: false,
  readLanguages: [],
};

describe('resolveDisplayLanguage (custom > system > regional > system)', () => {
  it.each([
    [
      { useCustomDestination: true, translateToSystemLanguage: true, translateToRegionalLanguage: true },
      'es',
    ],
    [{ translateToSystemLanguage: true, translateToRegionalLanguage: true }, 'fr'],
    [{ translateToRegionalLanguage: true }, 'ln'],
    [{}, 'fr'],
    [
      { useCustomDestination: true, customDestinationLanguage: null, translateToRegionalLanguage: true },
      'ln',
    ],
    [{ translateToRegionalLanguage: true, regionalLanguage: null }, 'fr'],
  ] as const)('%o → %s', (patch, expected) => {
    expect(resolveDisplayLanguage({ ...base, ...patch })).toBe(expected);
  });
});

describe('needsTranslation', () => {
  const reader = { ...base, translateToSystemLanguage: true, readLanguages: ['en'] };
  it('is false for the reader language, regional variants included', () => {
    expect(needsTranslation('fr', reader)).toBe(false);
    expect(needsTranslation('fr-CA', reader)).toBe(false);
  });
  it('is false for languages read without translation', () => {
    expect(needsTranslation('en', reader)).toBe(false);
    expect(needsTranslation('en-GB', reader)).toBe(false);
  });
  it('is false while the source language is unknown', () => {
    expect(needsTranslation(null, reader)).toBe(false);
  });
  it('is true otherwise', () => {
    expect(needsTranslation('de', reader)).toBe(true);
  });
});
