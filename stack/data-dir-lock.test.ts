import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gone, runScript } from '../test-support/script-process.ts';
import { makeTempDir, sleep } from '../test-support/temp-dir.ts';
import { DataDirInUseError, DataDirLock, LOCK_FILE_NAME, processStartMarker } from './data-dir-lock.ts';

/** A real process that runs until killed, standing for a stack or a child left by an earlier run. */
function idleProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await gone(child);
  return child.pid ?? 0;
}

describe('DataDirLock', () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];
  const idle = async () => {
    const child = idleProcess();
    started.push(child);
    // Its start marker is read from /proc: wait until the process is there.
    await sleep(100);
    return child;
  };
  const dataDir = () => {
    const dir = makeTempDir('meeshy-lock-');
    dirs.push(dir);
    return dir;
  };
  const writeLock = (dir: string, content: object) => {
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify(content));
  };
  afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records this stack and its children, and gives the folder back on release', async () => {
    const dir = dataDir();
    const lock = await DataDirLock.acquire(dir, () => undefined);
    const child = await idle();
    lock.recordChild('server', child.pid);
    const content = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as {
      supervisor: { pid: number };
      children: { server: { pid: number; startMarker: string } };
    };
    expect(content.supervisor.pid).toBe(process.pid);
    // The owner's alone: it names processes, and the server checks the data folder's modes.
    if (process.platform !== 'win32')
      expect(fs.statSync(path.join(dir, LOCK_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(content.children.server).toEqual({
      pid: child.pid,
      startMarker: processStartMarker(child.pid ?? 0),
    });
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('refuses a folder whose stack still runs, naming its pid and --data-dir', async () => {
    const dir = dataDir();
    const stack = await idle();
    writeLock(dir, {
      supervisor: { pid: stack.pid, startMarker: processStartMarker(stack.pid ?? 0) },
      children: {},
    });
    const attempt = DataDirLock.acquire(dir, () => undefined);
    await expect(attempt).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(attempt).rejects.toThrow(`another Meeshy (pid ${stack.pid}) is already running`);
    await expect(attempt).rejects.toThrow('--data-dir');
  });

  it('ends a child left running by a stack that died, then takes the folder', async () => {
    const dir = dataDir();
    const leftover = await idle();
    writeLock(dir, {
      supervisor: { pid: await deadPid(), startMarker: 'gone' },
      children: { translator: { pid: leftover.pid, startMarker: processStartMarker(leftover.pid ?? 0) } },
    });
    const lines: string[] = [];
    const lock = await DataDirLock.acquire(dir, (line) => lines.push(line));
    await gone(leftover);
    expect(leftover.signalCode).toBe('SIGTERM');
    expect(lines).toEqual([
      `ending the translator (pid ${leftover.pid}) left running by an earlier start on ${dir}`,
    ]);
    lock.release();
  });

  it('lets exactly one of several launches started at once take the folder, fresh or after a dead stack', async () => {
    // The holder keeps the folder until the test ends (as a running stack does), so a launch that starts
    // late finds it held too; each contender says what it got and how long after the common instant.
    const contender = [
      "import { DataDirLock } from './stack/data-dir-lock.ts';",
      'const [dir, at] = process.argv.slice(1);',
      'const late = Date.now() - Number(at);',
      'while (Date.now() < Number(at)) {}',
      'DataDirLock.acquire(dir, () => {}).then(',
      '  () => { console.log(`took (${late} ms late)`); setInterval(() => {}, 1000); },',
      '  (error) => { console.log(`${error.name} (${late} ms late)`); process.exit(0); },',
      ');',
    ].join('\n');
    for (const stale of [false, true]) {
      const dir = dataDir();
      if (stale) writeLock(dir, { supervisor: { pid: await deadPid(), startMarker: 'gone' }, children: {} });
      // Every contender spins until the same instant, so their attempts overlap.
      const at = String(Date.now() + 3000);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => {
          const contending = runScript(contender, [dir, at]);
          started.push(contending.child);
          return contending.said;
        }),
      );
      // Whole, so that a failure shows what each launch said.
      const said = outcomes.map((outcome) => outcome.replace(/ \(-?\d+ ms late\)$/, '')).sort();
      expect(said, `${stale ? 'after a dead stack' : 'fresh'}: ${outcomes.join('; ')}`).toEqual([
        ...Array<string>(5).fill('DataDirInUseError'),
        'took',
      ]);
      for (const child of started.splice(0)) child.kill('SIGKILL');
    }
  });

  it('takes the folder at once after its holder was killed (the system dropped the lock with it)', async () => {
    const dir = dataDir();
    const { child: holder, said } = runScript(
      "import { DataDirLock } from './stack/data-dir-lock.ts'; await DataDirLock.acquire(process.argv[1], () => {}); console.log('took'); setInterval(() => {}, 1000);",
      [dir],
    );
    started.push(holder);
    expect(await said).toBe('took');
    await expect(DataDirLock.acquire(dir, () => undefined)).rejects.toThrow(
      `another Meeshy (pid ${holder.pid})`,
    );
    holder.kill('SIGKILL');
    await gone(holder);
    const lock = await DataDirLock.acquire(dir, () => undefined);
    lock.release();
  });

  it('leaves alone a process that only reuses a recorded pid (its start marker differs)', async () => {
    const dir = dataDir();
    const stranger = await idle();
    writeLock(dir, {
      supervisor: { pid: stranger.pid, startMarker: 'an earlier boot' },
      children: { server: { pid: stranger.pid, startMarker: 'an earlier boot' } },
    });
    const lock = await DataDirLock.acquire(dir, () => undefined);
    await sleep(200);
    expect(stranger.exitCode).toBeNull();
    expect(stranger.signalCode).toBeNull();
    lock.release();
  });
});
