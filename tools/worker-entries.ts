import path from 'node:path';
import ts from 'typescript';

/** A worker thread started by its URL beside the starter's file (platform/worker-script.ts). */
const WORKER_START = /startWorkerScript\(\s*new URL\(\s*'\.\/([\w.-]+)'/g;

/**
 * The worker scripts that the program of a build config (tsconfig.build.json and the benchmarks' own) starts but
 * does not compile: a worker is started by its URL, not imported, so tsc emits it only when it is an entry of
 * the config. A missing one fails only at run time, where the caller may fall back without a word (the
 * translator's blockwise build did, in the latency benchmark's compiled sides).
 */
export function missingWorkerEntries(configPath: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`${configPath} cannot be read`);
  const entries = new Set(parsed.fileNames.map((file) => path.resolve(file)));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const missing = new Set<string>();
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || source.fileName.includes('/node_modules/')) continue;
    for (const match of source.text.matchAll(WORKER_START)) {
      const worker = path.resolve(path.dirname(source.fileName), `${match[1] ?? ''}.ts`);
      if (!entries.has(worker)) missing.add(path.relative(path.dirname(configPath), worker));
    }
  }
  return [...missing].sort();
}
