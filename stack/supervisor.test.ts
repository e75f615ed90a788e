import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SupervisedProcess } from './supervisor.ts';

const scriptsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-supervisor-'));
let scriptCount = 0;

/** A tiny real program in a file: sets itself up as the script says, then prints its ready line. */
const program = (script: string) => {
  scriptCount += 1;
  const file = path.join(scriptsDir, `program-${scriptCount}.cjs`);
  fs.writeFileSync(file, `${script}\nconsole.log('ready at ' + process.pid);\n`);
  return [file];
};

describe('supervised process', () => {
  const running: SupervisedProcess[] = [];
  const supervise = (
    script: string,
    extra: Partial<ConstructorParameters<typeof SupervisedProcess>[0]> = {},
  ) => {
    const supervised = new SupervisedProcess({
      name: 'test',
      command: process.execPath,
      args: program(script),
      readyPattern: /ready at (\d+)/,
      ...extra,
    });
    running.push(supervised);
    return supervised;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((supervised) => supervised.stop()));
  });
  afterAll(() => {
    fs.rmSync(scriptsDir, { recursive: true, force: true });
  });

  it('reports ready with what the ready line said', async () => {
    const supervised = supervise('setInterval(() => {}, 1000);');
    supervised.start();
    const info = await supervised.whenReady(5000);
    expect(info).toBe(String(supervised.pid));
    expect(supervised.state).toBe('ready');
  });

  it('restarts a process that dies, and it becomes ready again', async () => {
    const supervised = supervise('setInterval(() => {}, 1000);');
    supervised.start();
    const firstPid = await supervised.whenReady(5000);
    const restarted = new Promise<number>((resolve) =>
      supervised.once('restart', (attempt) => {
        resolve(attempt);
      }),
    );
    process.kill(Number(firstPid), 'SIGKILL');
    expect(await restarted).toBe(1);
    const secondPid = await supervised.whenReady(5000);
    expect(secondPid).not.toBe(firstPid);
  });

  it('gives up on a process that keeps dying, and says so', async () => {
    const supervised = supervise('process.exit(3);', { maxRestarts: 2, restartWindowMs: 60_000 });
    const failed = new Promise<string>((resolve) => supervised.once('failed', resolve));
    supervised.start();
    expect(await failed).toMatch(/exited 3 times.*code 3/);
    expect(supervised.state).toBe('failed');
  });

  it('stops gracefully with SIGTERM, and kills one that ignores it', async () => {
    const polite = supervise("process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);");
    polite.start();
    await polite.whenReady(5000);
    const exits: (NodeJS.Signals | number | null)[] = [];
    polite.on('exit', (code, signal) => exits.push(signal ?? code));
    await polite.stop();
    expect(exits).toEqual([0]);

    const stubborn = supervise("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);", {
      stopTimeoutMs: 300,
    });
    stubborn.start();
    await stubborn.whenReady(5000);
    const stubbornExits: (NodeJS.Signals | number | null)[] = [];
    stubborn.on('exit', (code, signal) => stubbornExits.push(signal ?? code));
    await stubborn.stop();
    expect(stubbornExits).toEqual(['SIGKILL']);
    expect(stubborn.state).toBe('stopped');
  });

  it('a command that does not exist fails with a clear reason', async () => {
    const missing = new SupervisedProcess({
      name: 'missing',
      command: '/nonexistent/program',
      args: [],
      readyPattern: /never/,
    });
    running.push(missing);
    missing.start();
    await expect(missing.whenReady(5000)).rejects.toThrow(/could not start \/nonexistent\/program/);
  });
});
