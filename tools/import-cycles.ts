import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Import cycles between our own files, type-only imports included. ESLint's `import-x/no-cycle` skips an
 * `import type` by design (it cannot fail at run time), yet a type cycle still ties two modules into one:
 * `contract/conversations.ts` ↔ `messages.ts` ↔ `translations.ts` was one. `npm run lint` runs this.
 */
export function findImportCycles(files: readonly string[]): string[][] {
  const known = new Set(files.map((file) => path.resolve(file)));
  const edges = new Map<string, string[]>();
  for (const file of known) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.resolve(path.dirname(file), specifier))
      .filter((target) => known.has(target));
    edges.set(file, targets);
  }
  return stronglyConnected(edges).filter(
    (component) => component.length > 1 || (edges.get(component[0] ?? '') ?? []).includes(component[0] ?? ''),
  );
}

/** Tarjan's algorithm: each returned group imports itself through its members. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowest.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowest.set(node, Math.min(lowest.get(node) ?? 0, lowest.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowest.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    groups.push(group.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return groups;
}

if (import.meta.filename === process.argv[1]) {
  const root = path.join(import.meta.dirname, '..');
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file !== '' && fs.existsSync(path.join(root, file)))
    .map((file) => path.join(root, file));
  const cycles = findImportCycles(files);
  for (const cycle of cycles) {
    process.stderr.write(`import cycle: ${cycle.map((file) => path.relative(root, file)).join(' ↔ ')}\n`);
  }
  process.exit(cycles.length === 0 ? 0 : 1);
}
