import { describe, expect, it } from 'vitest';
import { resolveStackSettings } from './stack-settings.ts';

describe('resolveStackSettings', () => {
  it('has the same defaults as the server it starts, and a free translator port', () => {
    const settings = resolveStackSettings([], {});
    expect(settings).toMatchObject({ port: 3001, host: '127.0.0.1', download: false, offline: false });
    expect(settings.translatorPort).toBeUndefined();
    expect(settings.logLevel).toBe('info');
    expect(settings.dataDir).toMatch(/Meeshy Desktop$/);
  });

  it('reads the shared names: flags over MEESHY_ variables, and the hub offline switch', () => {
    const env = {
      MEESHY_PORT: '4000',
      MEESHY_TRANSLATOR_PORT: '6000',
      HF_HUB_OFFLINE: '1',
      MEESHY_DATA_DIR: '/tmp/d',
    };
    expect(resolveStackSettings([], env)).toMatchObject({
      port: 4000,
      translatorPort: 6000,
      offline: true,
      dataDir: '/tmp/d',
    });
    expect(
      resolveStackSettings(['--port', '5000', '--translator-port', '7000', '--download'], env),
    ).toMatchObject({
      port: 5000,
      translatorPort: 7000,
      download: true,
    });
  });

  it('refuses what it cannot honour before starting anything', () => {
    expect(() => resolveStackSettings(['--log-level', 'loud'], {})).toThrow(/--log-level: unknown log level/);
    expect(() => resolveStackSettings([], { MEESHY_DOWNLOAD_MODELS: 'please' })).toThrow(
      /MEESHY_DOWNLOAD_MODELS/,
    );
  });
});
