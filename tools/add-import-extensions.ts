import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * proto-loader-gen-types writes extensionless relative imports; this project resolves modules the Node ESM way,
 * which needs the extension. Rewrites `from './x'` to `from './x.ts'` in every generated file.
 */
export async function addImportExtensions(directory: string): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await addImportExtensions(path);
    else if (entry.name.endsWith('.ts')) {
      const source = await readFile(path, 'utf8');
      await writeFile(path, source.replace(/from '(\.{1,2}\/[^']+?)(?<!\.ts)'/g, "from '$1.ts'"));
    }
  }
}
