import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The file URL of tsx's `tsx/esm/api` as an ES module (require.resolve would give its CommonJS build). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = exports['./esm/api']?.import.default;
  if (entry === undefined) throw new Error("tsx's package.json has no ES module entry for tsx/esm/api");
  return pathToFileURL(path.join(path.dirname(packageJson), entry)).href;
}

/**
 * Starts the worker thread whose script is `scriptWithoutExtension` (a caller's `new URL('./name',
 * import.meta.url)`) with `.ts` from the sources, `.js` once built: each worker script is a build entry of its
 * own (tsconfig.build.json), compiled beside the file that starts it.
 */
export function startWorkerScript(scriptWithoutExtension: URL, workerData: unknown): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const script = new URL(`${scriptWithoutExtension.href}.${fromSources ? 'ts' : 'js'}`);
  if (!fromSources) return new Worker(script, { workerData });
  // From the sources (tests, tsx): vitest's module runner gives a worker thread no TypeScript, tsx's loader
  // does. Its ES module entry is found from here (an evaluated script resolves packages from the cwd).
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Resolves once the worker has exited, whatever it emitted before (`events.once` would reject on an
 * 'error', leaving a close half done); at once when it already has.
 */
export function workerExit(worker: Worker, alreadyExited: boolean): Promise<void> {
  if (alreadyExited) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once('exit', () => {
      resolve();
    });
  });
}
