import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GLOBAL_CONVERSATION_ID } from '../../contract/conversations.ts';
import { openRepository } from './open-repository.ts';

describe('openRepository', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-open-repository-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the SQLite file named by the settings, creating its folder and schema, and keeps what was stored', async () => {
    const databasePath = path.join(tempDir(), 'nested', 'meeshy.sqlite');
    const first = await openRepository({ databasePath });
    await first.ping();
    await first.updateConversation(
      GLOBAL_CONVERSATION_ID,
      { description: 'kept' },
      '2026-01-01T00:00:00.000Z',
    );
    await first.close();
    expect(fs.existsSync(databasePath)).toBe(true);

    const second = await openRepository({ databasePath });
    expect((await second.findConversation(GLOBAL_CONVERSATION_ID))?.description).toBe('kept');
    await second.close();
  });

  it('rejects, rather than throws, when the database cannot be opened', async () => {
    // A folder where the database file should be.
    const databasePath = path.join(tempDir(), 'taken');
    fs.mkdirSync(databasePath);
    await expect(openRepository({ databasePath })).rejects.toThrow();
  });
});
