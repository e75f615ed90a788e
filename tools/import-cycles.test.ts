import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { findImportCycles } from './import-cycles.ts';

let dir = '';
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-cycles-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

it('finds a cycle made of type-only imports, which import-x/no-cycle lets through', async () => {
  const root = write({
    'a.ts': "import type { B } from './b.ts';\nexport interface A { b: B }\n",
    'b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
    'c.ts': "import type { A } from './a.ts';\nexport type C = A;\n",
  });
  expect(await findImportCycles(root, ['.'])).toEqual([['a.ts', 'b.ts']]);
});

it('finds none when the shared part has its own module', async () => {
  const root = write({
    'common.ts': 'export const id = 1;\n',
    'a.ts': "import { id } from './common.ts';\nexport const a = id;\n",
    'b.ts': "import { id } from './common.ts';\nimport { a } from './a.ts';\nexport const b = id + a;\n",
  });
  expect(await findImportCycles(root, ['.'])).toEqual([]);
});
