import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { missingWorkerEntries } from './worker-entries.ts';

const ROOT = path.join(import.meta.dirname, '..');

let dir = '';
afterEach(() => {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

// The chat benchmark's config is not among them: its target runs the server of dist/app (tsconfig.build.json) and
// reaches the server's sources only for their types.
it.each(['tsconfig.build.json', 'bench/translator/tsconfig.build.json'])(
  '%s compiles every worker script its program starts',
  (config) => {
    expect(missingWorkerEntries(path.join(ROOT, config))).toEqual([]);
  },
  60_000,
);

it('names a worker started by its URL that the config does not compile', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-worker-entries-'));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
  };
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { module: 'nodenext' }, files: ['main.ts', 'a-worker.ts'] }),
  );
  write(
    'main.ts',
    "startWorkerScript(new URL('./a-worker', import.meta.url));\nstartWorkerScript(new URL('./b-worker', import.meta.url), {});\n",
  );
  write('a-worker.ts', 'export {};\n');
  write('b-worker.ts', 'export {};\n');
  expect(missingWorkerEntries(path.join(dir, 'tsconfig.json'))).toEqual(['b-worker.ts']);
});
