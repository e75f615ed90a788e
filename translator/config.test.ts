import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  it('prefers flags over environment over defaults', () => {
    const fromEnvironment = resolveConfig([], {
      MEESHY_TRANSLATOR_PORT: '6000',
      MEESHY_DATA_DIR: '/tmp/env-data',
    });
    expect(fromEnvironment.port).toBe(6000);
    expect(fromEnvironment.modelsDir).toBe('/tmp/env-data/models');
    const fromFlags = resolveConfig(['--port', '7000', '--data-dir', '/tmp/flag-data'], {
      MEESHY_TRANSLATOR_PORT: '6000',
    });
    expect(fromFlags.port).toBe(7000);
    expect(fromFlags.dataDir).toBe('/tmp/flag-data');
    const defaults = resolveConfig([], {});
    expect(defaults.port).toBe(50051);
    expect(defaults.defaultTier).toBe('medium');
    expect(defaults.hubEndpoint).toBe('https://huggingface.co');
    expect(defaults.offline).toBe(false);
    expect(defaults.numBeams).toBe(1);
  });

  it('applies tier overrides and the offline switch', () => {
    const config = resolveConfig([], {
      BASIC_MODEL: 'someone/opus-mt-en-fr@abc123',
      HF_ENDPOINT: 'http://127.0.0.1:9999',
      HF_HUB_OFFLINE: '1',
    });
    const basic = config.catalog.find((entry) => entry.tier === 'basic');
    expect(basic?.repo).toBe('someone/opus-mt-en-fr');
    expect(basic?.revision).toBe('abc123');
    expect(basic?.family).toBeUndefined();
    expect(config.hubEndpoint).toBe('http://127.0.0.1:9999');
    expect(config.offline).toBe(true);
  });

  it('rejects settings it cannot honour', () => {
    expect(() => resolveConfig(['--default-tier', 'ultra'], {})).toThrow(/unknown tier/);
    expect(() => resolveConfig(['--port', '-1'], {})).toThrow(/--port/);
    expect(() => resolveConfig([], { MEDIUM_MODEL: 'not a repo' })).toThrow(/MEDIUM_MODEL/);
    expect(() => resolveConfig([], { MEESHY_TRANSLATOR_THREADS: '0' })).toThrow(
      'MEESHY_TRANSLATOR_THREADS: expected at least 1, got "0"',
    );
    expect(() => resolveConfig([], { HF_TOKEN: ' ' })).toThrow(/^HF_TOKEN: expected a value$/);
  });

  it('reads the MEESHY_ names of the engine settings, and REDIS_URL as it is', () => {
    const config = resolveConfig([], {
      MEESHY_TRANSLATOR_THREADS: '2',
      MEESHY_DEFAULT_MODEL_TIER: 'basic',
      MEESHY_TRANSLATOR_MAX_QUEUE: '9',
      MEESHY_TRANSLATOR_NO_REPEAT_NGRAM: '0',
      REDIS_URL: 'redis://127.0.0.1:6390',
    });
    expect(config).toMatchObject({ defaultTier: 'basic', maxQueued: 9, noRepeatNgramSize: 0 });
    expect(config.threads.intraOp).toBe(2);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6390');
    expect(resolveConfig([], { REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(resolveConfig(['--no-download'], {}).autoDownload).toBe(false);
  });
});
