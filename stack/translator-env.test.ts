import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commandsBeside } from './child-commands.ts';
import { HUGE_PAGE_TUNABLE, translatorProcessEnv } from './translator-env.ts';

/** A child that allocates 64 MB the way ONNX Runtime's large buffers are (malloc → mmap) and reports its huge pages. */
const HUGE_PAGES_OF_A_LARGE_ALLOCATION = `
const buffer = Buffer.alloc(64 * 1024 * 1024, 1);
const rollup = require('node:fs').readFileSync('/proc/self/smaps_rollup', 'utf8');
process.stdout.write(String(Number(/AnonHugePages:\\s+(\\d+) kB/.exec(rollup)?.[1] ?? -1) + buffer[0] - 1));
`;

function transparentHugePageMode(): string | null {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

async function hugePagesKb(env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', HUGE_PAGES_OF_A_LARGE_ALLOCATION], {
    env: { ...process.env, GLIBC_TUNABLES: '', ...env },
  });
  return Number(stdout);
}

describe('translator process environment', () => {
  it('asks glibc for huge pages, keeping tunables already set', () => {
    expect(translatorProcessEnv({})).toEqual({ GLIBC_TUNABLES: HUGE_PAGE_TUNABLE });
    expect(translatorProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' })).toEqual({
      GLIBC_TUNABLES: `glibc.malloc.arena_max=2:${HUGE_PAGE_TUNABLE}`,
    });
    // A user's own choice of the same tunable wins.
    expect(translatorProcessEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toEqual({});
  });

  it('is what the stack starts the translator with, and not the server', () => {
    const commands = commandsBeside('file:///app/stack/serve.js', { command: 'node', env: { A: '1' } });
    expect(commands.translator.env).toEqual({ A: '1', ...translatorProcessEnv() });
    expect(commands.server.env).toEqual({ A: '1' });
  });

  // Where the kernel leaves huge pages to madvise (the common default), the tunable is what gets them.
  it.runIf(process.platform === 'linux' && transparentHugePageMode() === 'madvise')(
    'gives a large allocation huge pages, which it has none of without',
    async () => {
      expect(await hugePagesKb({})).toBe(0);
      expect(await hugePagesKb(translatorProcessEnv({}))).toBeGreaterThan(0);
    },
  );
});
