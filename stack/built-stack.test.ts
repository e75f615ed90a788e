import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBuildAlone, ensureAppBuilt, REPO_ROOT, twoUserChat } from '../test-support/built-app.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { registerOverHttp } from '../test-support/users.ts';
import { LOCK_FILE_NAME } from './data-dir-lock.ts';
import { launchProcess, type LaunchedProcess } from './process-launcher.ts';

const QUIET = { MEESHY_LOG_LEVEL: 'warn', MEESHY_SCRYPT_LOG_N: '10' };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the built stack (npm run build:app, then plain node)', () => {
  let folder: string;
  const running: LaunchedProcess[] = [];
  const serveBuilt = (dataDir: string, port: number) => {
    const launched = launchProcess({
      name: 'stack',
      command: process.execPath,
      args: [
        path.join(folder, 'dist', 'app', 'stack', 'serve.js'),
        '--port',
        String(port),
        '--data-dir',
        dataDir,
      ],
      cwd: folder,
      env: QUIET,
      readyTimeoutMs: 60_000,
    });
    running.push(launched);
    return launched;
  };
  beforeAll(async () => {
    await ensureAppBuilt();
    folder = copyBuildAlone(makeTempDir('meeshy-built-'));
  }, 240_000);
  afterAll(async () => {
    await Promise.all(running.map((launched) => launched.stop()));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('serves a two-user chat from a folder holding only package.json, node_modules and dist/', async () => {
    expect(fs.readdirSync(folder).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    const dataDir = path.join(folder, 'data');
    const stack = serveBuilt(dataDir, 0);
    const url = (await stack.ready) ?? '';
    // Plain node ran the compiled children, no tsx.
    expect(stack.output()).not.toMatch(/tsx/);
    const chat = await twoUserChat(url);
    expect(chat.received).toMatchObject({ id: chat.sent.messageId, content: 'hello from the build' });
    chat.aliceSocket.close();
    chat.bobSocket.close();
    stack.kill('SIGTERM');
    expect((await stack.exited).code).toBe(0);
    // A clean stop gives the data folder back.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('fails at once on a taken port, naming it and --port, and leaves no child running', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const stack = serveBuilt(path.join(folder, 'taken'), port);
      const exit = await stack.exited;
      expect(exit.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(stack.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(stack.output()).toContain('--port');
      expect(stack.output()).not.toContain('translator ready');
    } finally {
      holder.close();
    }
  });

  it('refuses a second stack on a data folder in use, with a clear message', async () => {
    const dataDir = path.join(folder, 'shared');
    const first = serveBuilt(dataDir, 0);
    await first.ready;
    const second = serveBuilt(dataDir, 0);
    expect((await second.exited).code).toBe(1);
    expect(second.output()).toMatch(/another Meeshy \(pid \d+\) is already running on the data folder/);
    await first.stop();
  });
});

describe('SIGKILL of the supervisor of npm run serve', () => {
  it('ends both children within 5 s, and a new start on the same data folder comes up', async () => {
    const dataDir = makeTempDir('meeshy-orphans-');
    const serve = () =>
      launchProcess({
        name: 'stack',
        command: 'npm',
        args: ['run', '--silent', 'serve', '--', '--port', '0', '--data-dir', dataDir],
        cwd: REPO_ROOT,
        env: QUIET,
        ownProcessGroup: true,
        readyTimeoutMs: 60_000,
      });
    const first = serve();
    try {
      await first.ready;
      const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE_NAME), 'utf8')) as {
        supervisor: { pid: number };
        children: Record<string, { pid: number }>;
      };
      const children = Object.values(lock.children).map((child) => child.pid);
      expect(children).toHaveLength(2);
      process.kill(lock.supervisor.pid, 'SIGKILL');
      await waitUntil(() => children.every((pid) => !isAlive(pid)), {
        what: "the killed stack's children to end",
        timeoutMs: 5000,
      });
      const second = serve();
      try {
        const url = (await second.ready) ?? '';
        // The new stack serves, on the database the killed one had open.
        const session = await registerOverHttp(url, 'after_the_kill');
        expect(session.user.username).toBe('after_the_kill');
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
