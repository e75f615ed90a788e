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
    expect(() => resolveSettings(['--translator', 'nowhere'], {})).toThrow(
      '--translator: expected host:port, got "nowhere"',
    );
    expect(() => resolveSettings([], { MEESHY_JWT_SECRET: ' ' })).toThrow(
      /^MEESHY_JWT_SECRET: expected a value$/,
    );
  });

  it('takes a public URL for the links it hands out, and answers to its host name', () => {
    const none = resolveSettings([], {});
    expect(none.publicUrl).toBeUndefined();
    const set = resolveSettings([], {
      MEESHY_PUBLIC_URL: 'https://chat.example.org/meeshy/',
      MEESHY_PUBLIC_HOSTNAMES: 'other.example.org',
    });
    expect(set.publicUrl).toBe('https://chat.example.org/meeshy');
    expect(set.publicHostnames).toEqual(['other.example.org', 'chat.example.org']);
    expect(() => resolveSettings([], { MEESHY_PUBLIC_URL: 'ftp://chat.example.org' })).toThrow(
      /MEESHY_PUBLIC_URL/,
    );
    expect(() => resolveSettings([], { MEESHY_PUBLIC_URL: 'https://chat.example.org/?a=1' })).toThrow(
      /MEESHY_PUBLIC_URL/,
    );
  });

  it('trusts no proxy unless told which, and keeps /metrics on the main port without a token by default', () => {
    const defaults = resolveSettings([], {});
    expect(defaults).toMatchObject({ trustProxy: false, metricsToken: undefined, metricsPort: undefined });
    expect(resolveSettings([], { MEESHY_TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(resolveSettings([], { MEESHY_TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    // A hop count cannot tell a proxy from a client that wrote the header itself.
    expect(() => resolveSettings([], { MEESHY_TRUST_PROXY: '1' })).toThrow(/MEESHY_TRUST_PROXY/);
    expect(() => resolveSettings([], { MEESHY_TRUST_PROXY: 'proxy.example' })).toThrow(/MEESHY_TRUST_PROXY/);
    expect(
      resolveSettings([], { MEESHY_METRICS_TOKEN: 'scrape-me', MEESHY_METRICS_PORT: '9464' }),
    ).toMatchObject({ metricsToken: 'scrape-me', metricsPort: 9464 });
  });

  it('reads the environment kind, the origins list and the limits', () => {
    const settings = resolveSettings([], {
      NODE_ENV: 'test',
      MEESHY_ALLOWED_ORIGINS: 'http://a.example, ,http://b.example',
      MEESHY_SENDS_PER_WINDOW: '7',
      MEESHY_SCRYPT_LOG_N: '10',
    });
    expect(settings.environment).toBe('test');
    expect(settings.allowedOrigins).toEqual(['http://a.example', 'http://b.example']);
    expect(settings.limits.sendsPerWindowPerUser).toBe(7);
    expect(settings.auth.scryptLogN).toBe(10);
    expect(resolveSettings([], { NODE_ENV: 'staging' }).environment).toBe('production');
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
