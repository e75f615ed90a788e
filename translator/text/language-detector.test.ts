import { describe, expect, it } from 'vitest';
import { measureDetection, overallAccuracy } from './detection-accuracy.ts';
import { detectLanguage, languageBearingText } from './language-detector.ts';

describe('detectLanguage', () => {
  it('names the language of ordinary sentences', () => {
    expect(detectLanguage('Bonjour à tous, comment allez-vous aujourd’hui ?').language).toBe('fr');
    expect(detectLanguage('Ich habe heute keine Zeit, vielleicht morgen.').language).toBe('de');
    expect(detectLanguage('Мы были в этом городе, и это было очень интересно.').language).toBe('ru');
    expect(detectLanguage('今天天气很好，我们去公园吧。').language).toBe('zh');
  });

  it('answers unknown rather than guess on too little text', () => {
    const detection = detectLanguage('ok 👍 https://example.com/page');
    expect(detection.language).toBeNull();
    expect(detection.reliable).toBe(false);
  });

  it('ignores URLs, mentions, code and emoji when judging', () => {
    expect(languageBearingText('Salut @marie regarde https://x.y/z `code` 😀 42')).toBe('Salut regarde');
  });

  it('is at least 90 % right on one-sentence UDHR samples of the 40 languages', async () => {
    const results = await measureDetection(8);
    expect(results).toHaveLength(40);
    expect(overallAccuracy(results)).toBeGreaterThanOrEqual(0.9);
  });
});
