import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepository } from './open-repository.ts';

describe('openRepository', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the SQLite file named by the settings, creating its folder and schema, and keeps what was stored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-open-repository-'));
    dirs.push(dir);
    const databasePath = path.join(dir, 'nested', 'meeshy.sqlite');
    const user = {
      id: 'u1',
      username: 'ada',
      email: 'ada@example.org',
      displayName: 'Ada',
      passwordHash: 'hash',
      systemLanguage: 'en',
      regionalLanguage: null,
      customDestinationLanguage: null,
      autoTranslateEnabled: true,
      translateToSystemLanguage: true,
      translateToRegionalLanguage: false,
      useCustomDestination: false,
      readLanguages: [],
      createdAt: '2026-01-01T00:00:00.000Z',
    };

    const first = await openRepository({ databasePath });
    await first.ping();
    await first.createUser(user);
    await first.close();
    expect(fs.existsSync(databasePath)).toBe(true);

    const second = await openRepository({ databasePath });
    expect((await second.findUserById('u1'))?.username).toBe('ada');
    await second.close();
  });

  it('rejects, rather than throws, when the database cannot be opened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-open-repository-'));
    dirs.push(dir);
    // A folder where the database file should be.
    const databasePath = path.join(dir, 'taken');
    fs.mkdirSync(databasePath);
    await expect(openRepository({ databasePath })).rejects.toThrow();
  });
});
