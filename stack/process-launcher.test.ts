import { describe, expect, it } from 'vitest';
import { launchProcess, parseReadyLine, readyLine, startProcess } from './process-launcher.ts';

/** A real Node program given as source. */
const node = (source: string) => ({ command: process.execPath, args: ['-e', source] });

describe('the ready line', () => {
  it('is read back for its own service only, without the text for people after it', () => {
    const line = `${readyLine('server', 'http://127.0.0.1:3000')} (data in /tmp/x)`;
    expect(parseReadyLine('server', line)).toBe('http://127.0.0.1:3000');
    expect(parseReadyLine('translator', line)).toBeUndefined();
    expect(parseReadyLine('server', `[server] ${line}`)).toBeUndefined();
  });
});

describe('launching a process', () => {
  it('resolves with the address of its ready line, keeps its output, and stops it with SIGTERM', async () => {
    const launched = await startProcess({
      name: 'demo',
      ...node(
        "console.error('warming up'); console.log('Meeshy demo ready at 127.0.0.1:4242 (for people)'); setInterval(() => {}, 1000);",
      ),
    });
    expect(launched.readyInfo).toBe('127.0.0.1:4242');
    expect(launched.output()).toContain('warming up\n');
    expect(await launched.stop()).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('fails with the last output when the process exits before it is ready', async () => {
    const launched = launchProcess({
      name: 'demo',
      ...node("console.error('no database'); process.exit(3);"),
    });
    await expect(launched.ready).rejects.toThrow(/demo exited \(code 3\) before it was ready:\nno database/);
  });

  // Long enough for Node to start and print on a busy machine.
  it('fails and kills the process when it is not ready in time', async () => {
    const launched = launchProcess({
      name: 'demo',
      ...node("console.log('still loading'); setInterval(() => {}, 1000);"),
      readyTimeoutMs: 4000,
    });
    await expect(launched.ready).rejects.toThrow(/demo was not ready within 4000 ms:\nstill loading/);
    expect((await launched.exited).signal).toBe('SIGKILL');
  });

  it('says so when the program cannot be started', async () => {
    const launched = launchProcess({ name: 'missing', command: '/nonexistent/program', args: [] });
    await expect(launched.ready).rejects.toThrow(/could not start \/nonexistent\/program/);
    expect((await launched.exited).startError).toBeInstanceOf(Error);
  });

  it('waits for another line when told, and its first group is what it said', async () => {
    const launched = await startProcess({
      name: 'redis-like',
      ...node("console.log('Ready to accept connections tcp 6390'); setInterval(() => {}, 1000);"),
      readyPattern: /Ready to accept connections tcp (\d+)/,
    });
    expect(launched.readyInfo).toBe('6390');
    await launched.stop();
  });

  it('in a process group of its own, stops what it started too', async () => {
    const parent = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('Meeshy group ready at ' + child.pid);
      setInterval(() => {}, 1000);`;
    const launched = await startProcess({ name: 'group', ...node(parent), ownProcessGroup: true });
    const grandchild = Number(launched.readyInfo);
    await launched.stop();
    const alive = () => {
      try {
        process.kill(grandchild, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; waited < 5000 && alive(); waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });
});
