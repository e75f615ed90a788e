import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { NLLB_600M_DIMS, TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import type { SidePlan, SideReport } from './side-plan.ts';

const SIDE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'side.ts');

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

/** Reads the model's files once, so both sides load from the page cache (a warm disk) whichever runs first. */
export async function warmPageCache(modelDir: string): Promise<void> {
  for (const file of await readdir(join(modelDir, 'onnx'))) await readFile(join(modelDir, 'onnx', file));
}

export async function runSideProcess(side: 'engine' | 'peer', plan: SidePlan): Promise<SideReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', SIDE_SCRIPT, side, JSON.stringify(plan)],
    { maxBuffer: 1 << 20 },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as SideReport;
}
