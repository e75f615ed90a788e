import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gone, runScript, type ScriptProcess } from '../test-support/script-process.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { tryProcessLock, waitForProcessLock, type LockMechanism, type LockPlace } from './process-lock.ts';

/** A real process running `body` with the lock module imported and the place's folder as `dir`. */
function lockProcess(body: string, dir: string, args: string[], launcher?: string[]): ScriptProcess {
  const script = [
    "import { tryProcessLock, waitForProcessLock } from './platform/process-lock.ts';",
    "import path from 'node:path';",
    'const [dir, ...args] = process.argv.slice(1);',
    "const place = { of: dir, purpose: 'test', fallbackFile: path.join(dir, 'test.lock') };",
    body,
  ].join('\n');
  return runScript(script, [dir, ...args], launcher === undefined ? {} : { launcher });
}

describe('the lock between processes', () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];
  const folder = () => {
    const dir = makeTempDir('meeshy-process-lock-');
    dirs.push(dir);
    return dir;
  };
  const placeIn = (dir: string, purpose = 'test'): LockPlace => ({
    of: dir,
    purpose,
    fallbackFile: path.join(dir, `${purpose}.lock`),
  });
  const run = (body: string, dir: string, ...args: string[]) => runIn(undefined, body, dir, ...args);
  const runIn = (launcher: string[] | undefined, body: string, dir: string, ...args: string[]) => {
    const launched = lockProcess(body, dir, args, launcher);
    started.push(launched.child);
    return launched;
  };
  afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const mechanisms: LockMechanism[] = ['socket', 'file', 'socket-and-file'];
  it.each(mechanisms)(
    '%s: one holder in this process, free again once released, apart per purpose',
    (mechanism) => {
      const dir = folder();
      const first = tryProcessLock(placeIn(dir), mechanism);
      expect(first?.held).toBe(true);
      expect(tryProcessLock(placeIn(dir), mechanism)).toBeUndefined();
      const other = tryProcessLock(placeIn(dir, 'other'), mechanism);
      expect(other).toBeDefined();
      first?.release();
      expect(first?.held).toBe(false);
      const again = tryProcessLock(placeIn(dir), mechanism);
      expect(again).toBeDefined();
      again?.release();
      other?.release();
    },
  );

  it('names the lock after the real path: a symbolic link to the folder meets the same lock', () => {
    const dir = folder();
    const link = path.join(folder(), 'link');
    fs.symlinkSync(dir, link);
    const lock = tryProcessLock(placeIn(dir), 'socket');
    expect(tryProcessLock(placeIn(link), 'socket')).toBeUndefined();
    lock?.release();
  });

  it('lets exactly one of several processes started at once take it', async () => {
    const dir = folder();
    // Every contender spins until the same instant, so their attempts overlap; the holder keeps it to the end.
    const at = String(Date.now() + 3000);
    const outcomes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          run(
            [
              'while (Date.now() < Number(args[0])) {}',
              'const lock = tryProcessLock(place);',
              "console.log(lock === undefined ? 'refused' : 'took');",
              'if (lock !== undefined) setInterval(() => {}, 1000);',
            ].join('\n'),
            dir,
            at,
          ).said,
      ),
    );
    expect(outcomes.sort(), outcomes.join('; ')).toEqual(
      [...Array<string>(5).fill('refused'), 'took'].sort(),
    );
  });

  it('is free at once after its holder was killed, and a waiter gets it when the holder lets go', async () => {
    const dir = folder();
    const killed = run("tryProcessLock(place); console.log('took'); setInterval(() => {}, 1000);", dir);
    expect(await killed.said).toBe('took');
    expect(tryProcessLock(placeIn(dir))).toBeUndefined();
    killed.child.kill('SIGKILL');
    await gone(killed.child);
    const taken = tryProcessLock(placeIn(dir));
    expect(taken).toBeDefined();
    taken?.release();

    const brief = run(
      "const lock = tryProcessLock(place); console.log('took'); setTimeout(() => lock.release(), 300);",
      dir,
    );
    expect(await brief.said).toBe('took');
    // Blocks this thread while it waits: the holder, another process, lets go on its own.
    const waited = waitForProcessLock(placeIn(dir), { timeoutMs: 60_000 });
    expect(waited).toBeDefined();
    waited?.release();
  });

  // Abstract socket names are per network namespace: a container on its own network sharing the folder.
  it.runIf(process.platform === 'linux')(
    'holds across network namespaces: a holder on another network keeps this one out',
    async () => {
      const dir = folder();
      // Root may make a network namespace; anyone else, where the system allows it, inside a user namespace.
      const unshare =
        process.getuid?.() === 0 ? ['unshare', '--net'] : ['unshare', '--map-root-user', '--net'];
      const holder = runIn(
        unshare,
        "tryProcessLock(place); console.log('took'); setInterval(() => {}, 1000);",
        dir,
      );
      expect(await holder.said).toBe('took');
      // The socket alone does not see it; the lock does.
      const socketOnly = tryProcessLock(placeIn(dir), 'socket');
      expect(socketOnly).toBeDefined();
      socketOnly?.release();
      expect(tryProcessLock(placeIn(dir))).toBeUndefined();
      holder.child.kill('SIGKILL');
      await gone(holder.child);
      const taken = tryProcessLock(placeIn(dir));
      expect(taken?.held).toBe(true);
      taken?.release();
    },
  );

  it('gives up waiting after the timeout while the holder keeps it', async () => {
    const dir = folder();
    const holder = run("tryProcessLock(place); console.log('took'); setInterval(() => {}, 1000);", dir);
    expect(await holder.said).toBe('took');
    const startedAt = Date.now();
    expect(waitForProcessLock(placeIn(dir), { timeoutMs: 300, retryMs: 20 })).toBeUndefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
  });
});
