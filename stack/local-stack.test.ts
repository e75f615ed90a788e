import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt, sendOverSocket, twoUserChat } from '../test-support/built-app.ts';
import { nextEvent, openSocket } from '../test-support/sockets.ts';
import { makeTempDir, sleep } from '../test-support/temp-dir.ts';
import { commandsBeside, type StackCommands } from './child-commands.ts';
import { LOCK_FILE_NAME } from './data-dir-lock.ts';
import { freeLoopbackPort } from './free-port.ts';
import { startLocalStack, type LocalStack } from './local-stack.ts';
import type { StackSettings } from './stack-settings.ts';
import type { SupervisedProcess } from './supervisor.ts';

const isAlive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills a child the hard way and resolves once the supervisor has it ready again. */
async function killAndAwaitReturn(child: SupervisedProcess): Promise<void> {
  const before = child.pid;
  const back = new Promise<void>((resolve) =>
    child.once('ready', () => {
      resolve();
    }),
  );
  process.kill(before ?? 0, 'SIGKILL');
  await back;
  expect(child.pid).not.toBe(before);
}

describe('the local stack module, running the compiled server and translator', () => {
  let commands: StackCommands;
  const dirs: string[] = [];
  const settingsFor = async (): Promise<StackSettings> => {
    const dataDir = makeTempDir('meeshy-userdata-');
    dirs.push(dataDir);
    return {
      port: await freeLoopbackPort(),
      host: '127.0.0.1',
      dataDir,
      translatorPort: undefined,
      download: false,
      offline: true,
      logLevel: 'warn',
    };
  };
  beforeAll(async () => {
    const built = await ensureAppBuilt();
    // As an Electron main process would: its own runtime, the compiled entries, a little environment.
    commands = commandsBeside(pathToFileURL(path.join(built, 'stack', 'serve.js')).href, {
      command: process.execPath,
      env: { MEESHY_SCRYPT_LOG_N: '10' },
    });
  }, 240_000);
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts from a user-data folder, survives the death of each child, and quits in order with every acknowledged message stored', async () => {
    const settings = await settingsFor();
    const lines: string[] = [];
    const stack: LocalStack = await startLocalStack(settings, {
      commands,
      log: (source, line) => lines.push(`[${source}] ${line}`),
    });
    expect(commands.server.args[0]).toMatch(/dist[/\\]app[/\\]server[/\\]main\.js$/);
    expect(stack.url).toBe(`http://127.0.0.1:${settings.port}`);
    const chat = await twoUserChat(stack.url);
    chat.aliceSocket.close();
    chat.bobSocket.close();
    // Clients that reconnect by themselves, as the app's client does.
    const reconnecting = { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500 };
    // (Not `connected()`: its one-shot error handler would close a socket on its first failed reconnection.)
    const alice = openSocket(stack.url, chat.alice.accessToken, reconnecting);
    const bob = openSocket(stack.url, chat.bob.accessToken, reconnecting);
    const connection = (socket: typeof alice) =>
      socket.connected
        ? Promise.resolve()
        : new Promise((resolve) =>
            socket.once('connect', () => {
              resolve(undefined);
            }),
          );
    try {
      for (const child of [stack.server, stack.translator]) {
        await killAndAwaitReturn(child);
        await Promise.all([connection(alice), connection(bob)]);
        const content = `after the ${child === stack.server ? 'server' : 'translator'} came back`;
        const received = nextEvent(bob, 'message:new', (message) => message.content === content, 10_000);
        await sendOverSocket(alice, chat.conversation.id, content);
        await received;
      }
      expect(lines.some((line) => /\[server\] exited; restart 1/.test(line))).toBe(true);

      // Quit while sends are in flight: whatever was acknowledged must be in the database.
      const exits: string[] = [];
      stack.server.once('exit', () => exits.push('server'));
      stack.translator.once('exit', () => exits.push('translator'));
      const acknowledged: string[] = [];
      let firstAck: () => void = () => undefined;
      const acknowledgedOnce = new Promise<void>((resolve) => (firstAck = resolve));
      const sends = Array.from({ length: 30 }, (_, index) =>
        sendOverSocket(alice, chat.conversation.id, `in flight ${index}`).then(
          (sent) => {
            acknowledged.push(sent.messageId);
            firstAck();
          },
          () => undefined,
        ),
      );
      await acknowledgedOnce;
      await stack.stop();
      await Promise.race([Promise.all(sends), sleep(2000)]);
      expect(exits).toEqual(['server', 'translator']);
      expect(isAlive(stack.server.pid)).toBe(false);
      expect(isAlive(stack.translator.pid)).toBe(false);
      expect(fs.existsSync(path.join(settings.dataDir, LOCK_FILE_NAME))).toBe(false);
      const db = new Database(path.join(settings.dataDir, 'db', 'meeshy.sqlite'), { readonly: true });
      try {
        const stored = new Set(
          db
            .prepare('select id from messages')
            .all()
            .map((row) => (row as { id: string }).id),
        );
        expect(acknowledged.length).toBeGreaterThan(0);
        expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        db.close();
      }
    } finally {
      alice.close();
      bob.close();
      await stack.stop();
    }
  }, 180_000);

  it('stops the other child before giving up when one fails for good', async () => {
    const stack = await startLocalStack(await settingsFor(), {
      commands,
      log: () => undefined,
      maxRestarts: 0,
    });
    try {
      const serverPid = stack.server.pid;
      process.kill(stack.translator.pid ?? 0, 'SIGKILL');
      const reason = await stack.gaveUp;
      expect(reason.message).toMatch(/^the translator exited 1 times/);
      expect(isAlive(serverPid)).toBe(false);
      expect(stack.server.state).toBe('stopped');
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
