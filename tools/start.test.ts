import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt, REPO_ROOT } from '../test-support/built-app.ts';
import { launchProcess } from '../stack/process-launcher.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { electronBinary, planStart } from './start.ts';

const START = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.ts');

describe('npm start', () => {
  const dirs: string[] = [];
  const tempRoot = () => {
    const dir = makeTempDir('meeshy-start-');
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds Electron's binary only when both path.txt and the binary it names exist", () => {
    const root = tempRoot();
    const packageDir = path.join(root, 'node_modules', 'electron');
    fs.mkdirSync(path.join(packageDir, 'dist'), { recursive: true });
    expect(electronBinary(root)).toBeUndefined();
    fs.writeFileSync(path.join(packageDir, 'path.txt'), 'electron');
    expect(electronBinary(root)).toBeUndefined();
    fs.writeFileSync(path.join(packageDir, 'dist', 'electron'), '');
    expect(electronBinary(root)).toBe(path.join(packageDir, 'dist', 'electron'));
  });

  it('opens the desktop app with Electron when it is there, else the compiled headless stack', () => {
    expect(planStart('/app', ['--port', '4000'], '/app/electron')).toEqual({
      kind: 'desktop',
      command: '/app/electron',
      args: ['/app', '--port', '4000'],
    });
    const headless = planStart('/app', ['--port', '4000'], undefined);
    expect(headless).toMatchObject({
      kind: 'headless',
      command: process.execPath,
      args: [path.join('/app', 'dist', 'app', 'stack', 'serve.js'), '--port', '4000'],
    });
    expect(headless.kind === 'headless' && headless.notice.split('\n')).toHaveLength(1);
  });

  describe('where the binary is missing (here)', () => {
    beforeAll(async () => {
      await ensureAppBuilt();
    }, 240_000);

    it('says so in one line, starts the headless stack and prints its URL', async () => {
      expect(electronBinary(REPO_ROOT)).toBeUndefined();
      const dataDir = tempRoot();
      const start = launchProcess({
        name: 'stack',
        command: process.execPath,
        args: ['--import', 'tsx', START, '--port', '0', '--data-dir', dataDir],
        cwd: REPO_ROOT,
        env: { MEESHY_SKIP_BUILD: '1', MEESHY_LOG_LEVEL: 'warn' },
        readyTimeoutMs: 60_000,
      });
      try {
        const url = (await start.ready) ?? '';
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(
          start
            .output()
            .split('\n')
            .filter((line) => /electron/i.test(line)),
        ).toEqual([
          "Electron's binary is missing (node_modules/electron/dist), so the desktop app cannot open: starting the headless stack instead; open the URL it prints.",
        ]);
      } finally {
        start.kill('SIGTERM');
        const { code } = await start.exited;
        expect(code, `npm start did not stop cleanly; its output:\n${start.output()}`).toBe(0);
      }
    });
  });
});
