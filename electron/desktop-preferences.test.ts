import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { DEFAULT_PREFERENCES, PreferencesStore, readPreferences } from './desktop-preferences.ts';

describe('the desktop preferences file', () => {
  const folders: string[] = [];
  const file = () => {
    const folder = makeTempDir();
    folders.push(folder);
    return path.join(folder, 'preferences.json');
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('starts in local mode, remembers a remote server across restarts', () => {
    const where = file();
    expect(new PreferencesStore(where).get()).toEqual(DEFAULT_PREFERENCES);
    new PreferencesStore(where).setServerMode({ kind: 'remote', url: 'https://chat.example.org' });
    new PreferencesStore(where).update({ closeToTray: true });
    expect(new PreferencesStore(where).get()).toEqual({
      serverMode: { kind: 'remote', url: 'https://chat.example.org' },
      closeToTray: true,
      doNotDisturb: false,
    });
  });

  it('remembers Docker mode across restarts', () => {
    const where = file();
    new PreferencesStore(where).setServerMode({ kind: 'docker' });
    expect(new PreferencesStore(where).get().serverMode).toEqual({ kind: 'docker' });
    expect(() =>
      new PreferencesStore(where).setServerMode({ kind: 'docker', host: 'tcp://evil:2375' }),
    ).toThrow();
    expect(new PreferencesStore(where).get().serverMode).toEqual({ kind: 'docker' });
  });

  it.each([
    { kind: 'remote', url: 'javascript:alert(1)' },
    { kind: 'remote', url: 'file:///etc/passwd' },
    { kind: 'remote', url: 'https://user:pw@chat.example.org' },
    { kind: 'remote' },
    { kind: 'local', extra: 1 },
    { kind: 'shell', command: 'rm -rf /' },
    'local',
    null,
  ])('refuses the server mode %j and keeps the current one', (mode) => {
    const store = new PreferencesStore(file());
    expect(() => store.setServerMode(mode)).toThrow();
    expect(store.get().serverMode).toEqual({ kind: 'local' });
  });

  it.each([
    { closeToTray: 'yes' },
    { serverMode: { kind: 'docker' } },
    JSON.parse('{"__proto__": {"closeToTray": true}}') as unknown,
    { doNotDisturb: 1 },
    5,
  ])('refuses the preference change %j', (change) => {
    const store = new PreferencesStore(file());
    expect(() => store.update(change)).toThrow();
    expect(store.get()).toEqual(DEFAULT_PREFERENCES);
  });

  it('falls back value by value on a damaged file', () => {
    const where = file();
    fs.writeFileSync(where, '{"closeToTray": true, "serverMode": {"kind": "remote", "url": "ftp://x"}}');
    expect(readPreferences(where)).toEqual({ ...DEFAULT_PREFERENCES, closeToTray: true });
    fs.writeFileSync(where, '{not json');
    expect(readPreferences(where)).toEqual(DEFAULT_PREFERENCES);
  });
});
