import fs from 'node:fs';
import path from 'node:path';
import madge from 'madge';

/** The folders whose modules may not import each other in a circle (tests and tools included). */
const SOURCE_FOLDERS = [
  'contract',
  'proto',
  'settings',
  'platform',
  'server',
  'translator',
  'stack',
  'tools',
  'electron',
  'renderer/src',
];

/**
 * Import cycles between our own files, type-only imports included. ESLint's `import-x/no-cycle` skips an
 * `import type` by design (it cannot fail at run time), yet a type cycle still ties two modules into one:
 * `contract/conversations.ts` ↔ `messages.ts` ↔ `translations.ts` was one. madge reads type imports too
 * (its TypeScript detective keeps them unless told to skip them). `npm run lint` runs this.
 */
export async function findImportCycles(root: string, folders: readonly string[]): Promise<string[][]> {
  const result = await madge(
    folders.map((folder) => path.join(root, folder)),
    {
      baseDir: root,
      fileExtensions: ['ts', 'tsx'],
      excludeRegExp: [/node_modules/, /\.d\.ts$/, /proto\/generated\//],
      detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
    },
  );
  return result.circular();
}

if (import.meta.filename === process.argv[1]) {
  const root = path.join(import.meta.dirname, '..');
  const present = SOURCE_FOLDERS.filter((folder) => fs.existsSync(path.join(root, folder)));
  const cycles = await findImportCycles(root, present);
  for (const cycle of cycles)
    process.stderr.write(`import cycle: ${cycle.join(' → ')} → ${cycle[0] ?? ''}\n`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
