import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { addImportExtensions } from './add-import-extensions.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GENERATOR = fileURLToPath(
  import.meta.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
);

/** Where the committed types live, relative to the project root. */
export const GENERATED_DIRECTORY = 'proto/generated';

/**
 * Writes the TypeScript types of proto/translation.proto into `outDir`. The flags match PROTO_LOADER_OPTIONS in
 * proto/load.ts (numbers for 64-bit fields, enum names as strings, defaults filled in), so the types describe the
 * objects grpc-js actually hands over. The one definition of how `proto/generated` is made: the npm script and the
 * staleness test both call it.
 */
export async function generateProtoTypes(outDir: string): Promise<void> {
  const target = resolve(ROOT, outDir);
  await promisify(execFile)(
    process.execPath,
    [
      GENERATOR,
      '--longs=Number',
      '--enums=String',
      '--defaults',
      '--oneofs',
      '--grpcLib=@grpc/grpc-js',
      `--outDir=${target}`,
      'proto/translation.proto',
    ],
    { cwd: ROOT },
  );
  await addImportExtensions(target);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Start empty, so the types of a message removed from the proto do not linger.
  await rm(resolve(ROOT, GENERATED_DIRECTORY), { recursive: true, force: true });
  await generateProtoTypes(GENERATED_DIRECTORY);
}
