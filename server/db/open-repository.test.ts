import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GLOBAL_CONVERSATION_ID } from '../../contract/conversations.ts';
import { describeWithPostgres, usePostgres } from '../../test-support/postgres.ts';
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

describe('openRepository with DATABASE_URL', () => {
  it('says in one line which Postgres it cannot reach and what to check, retries, and gives up only when told', async () => {
    const lines: string[] = [];
    // Port 9 (discard) on loopback: nothing listens there.
    const url = 'postgres://meeshy:hunter2@127.0.0.1:9/meeshy';
    await expect(
      openRepository(
        { databasePath: '/nonexistent/never-used.sqlite', databaseUrl: url },
        { report: (line) => lines.push(line), maxAttempts: 3, firstDelayMs: 10 },
      ),
    ).rejects.toThrow(/unreachable/);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toContain('cannot reach Postgres at postgres://meeshy:***@127.0.0.1:9/meeshy');
      expect(line).toContain('DATABASE_URL');
      expect(line).not.toContain('hunter2');
      expect(line).not.toContain('\n');
    }
    expect(lines[0]).toContain('retrying in');
    expect(lines[2]).toContain('giving up after 3 attempt(s)');
  });
});

describeWithPostgres('openRepository on Postgres', () => {
  const postgres = usePostgres();

  it('chooses Postgres for a postgres:// URL, migrates it, and keeps what was stored', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const settings = { databasePath: '/nonexistent/never-used.sqlite', databaseUrl, databasePoolSize: 2 };
    const first = await openRepository(settings);
    await first.ping();
    await first.updateConversation(
      GLOBAL_CONVERSATION_ID,
      { description: 'kept' },
      '2026-01-01T00:00:00.000Z',
    );
    await first.close();
    const second = await openRepository(settings);
    expect((await second.findConversation(GLOBAL_CONVERSATION_ID))?.description).toBe('kept');
    expect(fs.existsSync('/nonexistent')).toBe(false);
    await second.close();
  });
});
