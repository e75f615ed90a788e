import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertStrongSecret, loadOrCreateSecrets, WeakSecretError } from './security/secrets.ts';
import { DEFAULT_PORT, resolveSettings, SettingsError } from './settings.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';

describe('settings', () => {
  it('has sound defaults: loopback, port 3001, the user-data folder', () => {
    const settings = resolveSettings([], { HOME: '/home/ann' });
    expect(settings.host).toBe('127.0.0.1');
    expect(settings.port).toBe(DEFAULT_PORT);
    expect(settings.dataDir).toMatch(/Meeshy Desktop$/);
    expect(settings.databasePath.startsWith(settings.dataDir)).toBe(true);
    expect(settings.environment).toBe('production');
  });

  it('takes the environment over defaults and flags over the environment', () => {
    const env = { MEESHY_PORT: '4000', MEESHY_DATA_DIR: '/tmp/from-env' };
    expect(resolveSettings([], env)).toMatchObject({ port: 4000, dataDir: '/tmp/from-env' });
    expect(resolveSettings(['--port', '5000', '--data-dir', '/tmp/from-flag'], env)).toMatchObject({
      port: 5000,
      dataDir: '/tmp/from-flag',
    });
  });

  it('names the bad setting', () => {
    expect(() => resolveSettings(['--port', 'eighty'], {})).toThrow(SettingsError);
    expect(() => resolveSettings([], { MEESHY_PORT: '70000' })).toThrow(/MEESHY_PORT/);
    expect(() => resolveSettings(['--unknown'], {})).toThrow();
  });
});

describe('secrets', () => {
  it('are generated on first start, kept private, and reused', () => {
    const dir = makeTempDir('meeshy-secrets-');
    const first = loadOrCreateSecrets(dir);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(dir)).toEqual(first);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an empty, default or short signing secret outside development', () => {
    for (const weak of ['', '   ', 'secret', 'changeme', 'short-but-random-9f8e']) {
      expect(() => {
        assertStrongSecret(weak, 'production');
      }).toThrow(WeakSecretError);
    }
    expect(() => {
      assertStrongSecret('secret', 'development');
    }).not.toThrow();
    expect(() => {
      assertStrongSecret('x'.repeat(40), 'production');
    }).not.toThrow();
  });
});
