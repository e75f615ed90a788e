import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';

const modeOf = (target: string) => fs.statSync(target).mode & 0o777;

/** Every folder and file under `dir`, with its mode. */
function modes(dir: string): Record<string, number> {
  const found: Record<string, number> = { '.': modeOf(dir) };
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const target = path.join(current, entry.name);
      found[path.relative(dir, target)] = modeOf(target);
      if (entry.isDirectory()) walk(target);
    }
  };
  walk(dir);
  return found;
}

describe.skipIf(process.platform === 'win32')(
  'the data folder is the owner’s alone (issue 12, item 5)',
  () => {
    let server: ServerProcess | undefined;
    let dataDir = '';
    afterEach(() => {
      server?.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('a fresh start creates 0700 folders and 0600 files, the database’s -wal and -shm included', async () => {
      dataDir = path.join(makeTempDir('meeshy-perm-'), 'data');
      server = await startServerProcess(dataDir);
      await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'ann',
          email: 'ann@example.test',
          password: 'correct horse battery',
        }),
      });
      const found = modes(dataDir);
      expect(Object.keys(found)).toEqual(
        expect.arrayContaining([
          'db/meeshy.sqlite',
          'db/meeshy.sqlite-wal',
          'db/meeshy.sqlite-shm',
          'secrets.json',
        ]),
      );
      for (const [name, mode] of Object.entries(found)) {
        const isDir = fs.statSync(path.join(dataDir, name)).isDirectory();
        expect(mode.toString(8), name).toBe(isDir ? '700' : '600');
      }
    });

    it('a loose folder from before is repaired at start, with a warning for the exposed secret', async () => {
      dataDir = makeTempDir('meeshy-perm-');
      const first = await startServerProcess(dataDir);
      first.kill('SIGTERM');
      await first.exited;
      // What the issue found: world-readable database files and folders, and a loose secrets file.
      fs.chmodSync(dataDir, 0o755);
      fs.chmodSync(path.join(dataDir, 'db'), 0o755);
      fs.chmodSync(path.join(dataDir, 'db', 'meeshy.sqlite'), 0o644);
      fs.chmodSync(path.join(dataDir, 'secrets.json'), 0o644);

      server = await startServerProcess(dataDir);
      for (const [name, mode] of Object.entries(modes(dataDir))) {
        expect(mode & 0o077, name).toBe(0);
      }
      // The warnings are logged just before the ready line; the log stream may flush them just after.
      await expect
        .poll(() => server?.output() ?? '', { timeout: 5000 })
        .toMatch(/secrets\.json was 0644, readable by other users; set to 0600/);
      expect(server.output()).toMatch(/secrets\.json was 0644, readable by other users; set to 0600/);
      expect(server.output()).toMatch(/meeshy\.sqlite was 0644/);
    });
  },
);
