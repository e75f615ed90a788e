import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the compiled app code goes (tsconfig.build.json's outDir). */
export const APP_OUT_DIR = path.join(ROOT, 'dist', 'app');

/**
 * Files the compiled code reads from disk beside itself, relative to the repository: each goes to the
 * same place under the output, so `import.meta.url`-relative lookups (server/db/sqlite/migrate.ts,
 * proto/load.ts, docker/orchestrator/container-plans.ts) find them in the build as in the sources — and, unpacked from the asar, in the app.
 */
export function runtimeAssets(root: string): string[] {
  const dbFolder = path.join(root, 'server', 'db');
  const migrations = fs
    .readdirSync(dbFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dbFolder, entry.name, 'migrations')))
    .map((entry) => path.join('server', 'db', entry.name, 'migrations'));
  const protos = fs
    .readdirSync(path.join(root, 'proto'))
    .filter((name) => name.endsWith('.proto'))
    .map((name) => path.join('proto', name));
  // Prometheus' and Grafana's configuration, mounted into their containers by docker/orchestrator.
  const monitoring = path.join('docker', 'monitoring');
  return [...migrations, ...protos, monitoring];
}

export function copyRuntimeAssets(root: string, outDir: string): void {
  for (const asset of runtimeAssets(root)) {
    fs.cpSync(path.join(root, asset), path.join(outDir, asset), {
      recursive: true,
      // A test kept beside its files (docker/monitoring's) is not something the app reads.
      filter: (source) => !source.endsWith('.test.ts'),
    });
  }
}

/** `npm run build:app`: a clean dist/app/ compiled by tsc (type-checked on the way), plus the runtime assets. */
function main(): void {
  fs.rmSync(APP_OUT_DIR, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  copyRuntimeAssets(ROOT, APP_OUT_DIR);
  process.stdout.write(`built ${path.relative(ROOT, APP_OUT_DIR)}/\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
