import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../../test-support/server-process.ts';
import { makeTempDir, sleep } from '../../../test-support/temp-dir.ts';
import { integrityProblems, listBackups } from './backups.ts';
import { runningMarkerOf } from './clean-shutdown.ts';

describe('the server process looks after its SQLite database (reliability.md §3)', () => {
  let dataDir = '';
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up at its first start, marks the database open, and checks it after being killed', async () => {
    dataDir = makeTempDir();
    const database = path.join(dataDir, 'db', 'meeshy.sqlite');
    server = await startServerProcess(dataDir);
    for (let attempt = 0; attempt < 100 && listBackups(database).length === 0; attempt += 1) await sleep(100);
    const daily = listBackups(database)[0] ?? '';
    expect(daily).toMatch(/daily\.sqlite$/);
    expect(integrityProblems(daily)).toBeUndefined();
    expect(fs.existsSync(runningMarkerOf(database))).toBe(true);

    server.kill('SIGKILL');
    await server.exited;
    server = await startServerProcess(dataDir);
    expect(server.output()).toMatch(/did not close .* cleanly; its quick check found no damage/);
    await server.stop();
    server = undefined;
    // A clean stop removes the marker: the next start has nothing to check.
    expect(fs.existsSync(runningMarkerOf(database))).toBe(false);
  });
});
