import { describe, expect, it } from 'vitest';
import { parseDeviceTranslationRequest } from './device-translation-request.ts';
import { stackKindFor, usesLocalServer } from './stack-kind.ts';

describe('a translation the page asks this device for', () => {
  it('passes when it names a message, a text and languages', () => {
    const request = { messageId: 'm1', text: 'bonjour', sourceLanguage: null, targetLanguage: 'es' };
    expect(parseDeviceTranslationRequest(request)).toEqual(request);
    expect(parseDeviceTranslationRequest({ ...request, sourceLanguage: 'pt-BR' }).sourceLanguage).toBe(
      'pt-BR',
    );
  });

  it.each([
    ['no text', { messageId: 'm1', text: '', sourceLanguage: null, targetLanguage: 'es' }],
    [
      'a huge text',
      { messageId: 'm1', text: 'a'.repeat(10_001), sourceLanguage: null, targetLanguage: 'es' },
    ],
    [
      'a language that is no code',
      { messageId: 'm1', text: 'x', sourceLanguage: null, targetLanguage: '../../etc' },
    ],
    [
      'an extra field',
      { messageId: 'm1', text: 'x', sourceLanguage: null, targetLanguage: 'es', tier: 'premium' },
    ],
    ['not an object', 'translate everything'],
  ])('refuses %s', (_what, value) => {
    expect(() => parseDeviceTranslationRequest(value)).toThrow();
  });
});

describe('what runs on this device in each server mode', () => {
  it('is the whole stack locally, the translator alone for a remote server, the stack on containers in Docker mode', () => {
    expect(stackKindFor({ kind: 'local' })).toBe('full');
    expect(stackKindFor({ kind: 'remote', url: 'https://chat.example.org' })).toBe('translator');
    expect(stackKindFor({ kind: 'docker' })).toBe('docker');
    expect(usesLocalServer({ kind: 'local' })).toBe(true);
    expect(usesLocalServer({ kind: 'docker' })).toBe(true);
    expect(usesLocalServer({ kind: 'remote', url: 'https://chat.example.org' })).toBe(false);
  });
});
