import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';

const REPOSITORY = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'db',
  'sqlite',
  'repository.ts',
);

/** A separate process that opens (and so migrates) the database, as each server start does. */
function openInAnotherProcess(databasePath: string): Promise<{ code: number | null; output: string }> {
  const script = `import { openSqliteRepository } from ${JSON.stringify(REPOSITORY)};
const repository = openSqliteRepository(${JSON.stringify(databasePath)});
await repository.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, output });
    });
  });
}

const register = (url: string, username: string) =>
  fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: 'correct horse battery' }),
  });

describe('two processes on one data folder (issue 12, item 12)', () => {
  const processes: ServerProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const server of processes.splice(0)) server.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a second server on the same folder is refused with a clear message; a killed one leaves no lock', async () => {
    const dataDir = makeTempDir('meeshy-lock-');
    dirs.push(dataDir);
    const first = await startServerProcess(dataDir);
    processes.push(first);
    const second = await startServerProcess(dataDir).then(
      () => 'started',
      (error: unknown) => String(error),
    );
    expect(second).toMatch(/another Meeshy server is already using the data folder/);
    // The first keeps working.
    expect((await register(first.url, 'ann')).status).toBe(201);

    first.kill('SIGKILL');
    await first.exited;
    const third = await startServerProcess(dataDir);
    processes.push(third);
    expect((await register(third.url, 'bob')).status).toBe(201);
  });

  it('simultaneous starts on a fresh database all migrate it, once', async () => {
    const dir = makeTempDir('meeshy-migrate-race-');
    dirs.push(dir);
    const databasePath = path.join(dir, 'meeshy.sqlite');
    const results = await Promise.all(Array.from({ length: 6 }, () => openInAnotherProcess(databasePath)));
    for (const result of results) expect(result.code, result.output).toBe(0);
    const db = new Database(databasePath, { readonly: true });
    try {
      const applied = db.prepare('select count(*) as count from __drizzle_migrations').get() as {
        count: number;
      };
      const journal = JSON.parse(
        fs.readFileSync(path.join(path.dirname(REPOSITORY), 'migrations', 'meta', '_journal.json'), 'utf8'),
      ) as { entries: unknown[] };
      expect(applied.count).toBe(journal.entries.length);
    } finally {
      db.close();
    }
  });
});
