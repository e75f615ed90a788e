import { execFile, execFileSync } from 'node:child_process';
import { open, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { NLLB_600M_DIMS, TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import { translatorProcessEnv } from '../../stack/translator-env.ts';
import { isBlockwiseWeightsFile } from '../../translator/engine/blockwise-weights.ts';
import type { SidePlan, SideReport } from './side-plan.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SIDE_SCRIPT = join(HERE, 'side.ts');
/** Where tsconfig.build.json beside this file compiles side.ts and the engine it imports. */
const BUILT_SIDE_SCRIPT = join(ROOT, 'dist', 'bench-translator', 'bench', 'translator', 'side.js');

/**
 * How each side's process runs: `built` (the default) is plain Node on JavaScript compiled by tsc, as the desktop
 * app runs its translator (`npm run build:app`); `tsx` runs the sources through tsx's loader, which costs each
 * side start-up time and memory no user pays.
 */
export type SideRuntime = 'built' | 'tsx';

/**
 * Which sides' processes get the environment the stack starts the translator with (glibc asked for huge pages,
 * stack/translator-env.ts): by default the engine's, as the app runs it; `both` or `none` to see what it does.
 */
export type HugePages = 'engine' | 'both' | 'none';

export interface SideProcessOptions {
  runtime: SideRuntime;
  hugePages: HugePages;
}

export function hugePagesOption(value: string | undefined): HugePages {
  if (value === 'engine' || value === 'both' || value === 'none') return value;
  throw new Error(`--huge-pages takes engine, both or none, not ${String(value)}`);
}

export function describeSideProcesses(options: SideProcessOptions): string {
  const runtime = options.runtime === 'built' ? 'both sides compiled, plain Node' : 'both sides under tsx';
  const hugePages = { engine: 'the engine', both: 'both sides', none: 'neither side' }[options.hugePages];
  return `${runtime}, ${hugePages} with glibc huge pages`;
}

/** The command-line options both translator benches take for their side processes (`parseArgs` specs). */
export const SIDE_PROCESS_OPTIONS = {
  tsx: { type: 'boolean', default: false },
  'huge-pages': { type: 'string', default: 'engine' },
} as const;

export function sideProcessOptions(values: { tsx?: boolean; 'huge-pages'?: string }): SideProcessOptions {
  return { runtime: values.tsx === true ? 'tsx' : 'built', hugePages: hugePagesOption(values['huge-pages']) };
}

/**
 * Before the sides run: their compiled code when built; the engine's first load of the model, which builds the
 * blockwise weights it keeps beside the files (translator/engine/blockwise-weights.ts) as a user's first
 * translation after the download does, timed from scratch (any built before are removed). Returns that first
 * load's time: what the sides' loads, which find those weights, do not pay.
 */
export async function prepareSides(
  modelDir: string,
  options: SideProcessOptions,
  plan: SidePlan,
): Promise<{ engineFirstLoadMs: number }> {
  if (options.runtime === 'built') compileSides();
  const onnx = join(modelDir, 'onnx');
  for (const file of await readdir(onnx))
    if (isBlockwiseWeightsFile(file)) await rm(join(onnx, file), { force: true });
  const firstLoad = await runSideProcess('engine', { ...plan, messages: 0, concurrent: 0 }, options);
  return { engineFirstLoadMs: firstLoad.loadMs };
}

export const DEFAULT_SIDE_PROCESS: SideProcessOptions = { runtime: 'built', hugePages: 'engine' };

/**
 * The model the translator benchmarks run: NLLB-200-distilled-600M's dimensions, 8-bit quantized, random weights
 * (which decide nothing about speed or memory); `quick` a tiny one of the same layout, for the suite.
 */
export async function benchModel(quick: boolean): Promise<string> {
  return cachedRandomFixture({
    family: 'nllb',
    dims: quick ? TINY_DIMS : NLLB_600M_DIMS,
    seed: 1,
    precisions: ['quantized'],
  });
}

/**
 * Reads the model's files through, so a side loads them from the page cache (a warm disk). Done before every
 * side's process, not once: this machine's kernel pages out what nobody touched for a minute (DAMON, `pageout`
 * of regions idle for 12 aggregations of 5 s), and a side's files were otherwise read from the disk again by
 * whichever round came after a pause (an engine load of 2.4 s against 1.4 s in the same hour).
 */
export async function warmPageCache(modelDir: string): Promise<void> {
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  for (const file of await readdir(join(modelDir, 'onnx'))) {
    const handle = await open(join(modelDir, 'onnx', file), 'r');
    try {
      while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
    } finally {
      await handle.close();
    }
  }
}

/** Compiles the side process for the `built` runtime (a few seconds; type-checked on the way). */
export function compileSides(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(HERE, 'tsconfig.build.json')],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

export async function runSideProcess(
  side: 'engine' | 'peer',
  plan: SidePlan,
  options: SideProcessOptions,
): Promise<SideReport> {
  await warmPageCache(plan.modelDir);
  const script = options.runtime === 'built' ? [BUILT_SIDE_SCRIPT] : ['--import', 'tsx', SIDE_SCRIPT];
  const hugePages = options.hugePages === 'both' || (options.hugePages === 'engine' && side === 'engine');
  const { stdout } = await promisify(execFile)(process.execPath, [...script, side, JSON.stringify(plan)], {
    maxBuffer: 1 << 20,
    env: { ...process.env, ...(hugePages ? translatorProcessEnv() : {}) },
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as SideReport;
}
