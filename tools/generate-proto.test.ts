import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { GENERATED_DIRECTORY, generateProtoTypes } from './generate-proto.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every file under `directory`, by its path relative to it, with its bytes. */
async function snapshot(directory: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(directory, path), await readFile(path));
  }
  return files;
}

/** The npm script that regenerates the types, found by what it runs so a renamed script is still named right. */
async function regenerateCommand(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = Object.entries(manifest.scripts).find(([, command]) =>
    command.includes('tools/generate-proto.ts'),
  );
  return script ? `npm run ${script[0]}` : 'npx tsx tools/generate-proto.ts';
}

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('proto/generated is what the generator makes of proto/translation.proto today', async () => {
  scratch = await mkdtemp(join(tmpdir(), 'meeshy-proto-'));
  await generateProtoTypes(scratch);
  const fresh = await snapshot(scratch);
  const committed = await snapshot(join(ROOT, GENERATED_DIRECTORY));

  const stale = [...new Set([...fresh.keys(), ...committed.keys()])]
    .filter((path) => {
      const want = fresh.get(path);
      const have = committed.get(path);
      return want === undefined || have === undefined || !want.equals(have);
    })
    .sort()
    .map((path) => `${GENERATED_DIRECTORY}/${path}`);

  expect(
    stale,
    `these generated files do not match proto/translation.proto; run \`${await regenerateCommand()}\``,
  ).toEqual([]);
});
