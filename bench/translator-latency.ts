import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultThreads } from '../translator/engine/onnx-runtime.ts';
import { report, type Verdict } from './report.ts';
import { translatorProcessEnv } from '../stack/translator-env.ts';
import { measureReadBandwidth, measureReadBandwidthIn } from './translator/memory-bandwidth.ts';
import {
  benchModel,
  DEFAULT_SIDE_PROCESS,
  describeSideProcesses,
  prepareSides,
  runSideProcess,
  SIDE_PROCESS_OPTIONS,
  sideProcessOptions,
  type SideProcessOptions,
} from './translator/run-sides.ts';
import { median, mergeRounds, percentile, type SidePlan, type SideReport } from './translator/side-plan.ts';
import { cachedStepWeightsOfFile } from './translator/step-bytes.ts';

/**
 * `npm run bench:latency [-- --quick]`: what a user of the default model waits for, the engine against
 * transformers.js (the peer) on the same files, threads and ids, each in a process of its own:
 * - warm latency of one chat message (20 tokens in, 20 out);
 * - time per cached decoding step, against the memory-bandwidth floor: the bytes of weights one step reads
 *   (from the decoder file's own graph) over the read bandwidth measured here with the engine's thread count;
 * - peak resident memory (load included), and the first translation's time from process start, disk warm.
 * `--quick` runs a tiny model through the same code (the suite's check that it runs and counts right).
 */
export interface LatencyBenchResult {
  plan: SidePlan;
  /** How both sides ran: compiled under plain Node (the default) or under tsx (`--tsx`), and which got huge pages. */
  processes: SideProcessOptions;
  engine: SideReport;
  peer: SideReport;
  bandwidthGbPerSecond: number;
  /** The engine's load before the rounds, which built its blockwise weights (once per model, as a user's first). */
  engineFirstLoadMs: number;
  /** The scan's readings, each round's with 4 KiB pages, then with huge pages when a side had them; the best is the floor's. */
  bandwidthReadingsGbPerSecond: number[];
  /** Each round's reports; `engine` and `peer` above merge them (mergeRounds). */
  rounds: { engine: SideReport; peer: SideReport }[];
  stepWeightBytes: number;
  verdicts: Verdict[];
}

/** Median time of one cached step: (whole message − encoder and first step) / the cached steps in between. */
export function cachedStepMs(side: SideReport): number {
  const steps = median(side.tokensPerMessage);
  return (median(side.latenciesMs) - median(side.firstStepMs)) / Math.max(1, steps - 1);
}

export async function runLatencyBench(
  quick: boolean,
  processes: SideProcessOptions = DEFAULT_SIDE_PROCESS,
  roundCount = quick ? 2 : 3,
): Promise<LatencyBenchResult> {
  const modelDir = await benchModel(quick);
  const threads = defaultThreads().intraOp;
  const plan: SidePlan = {
    modelDir,
    messages: quick ? 2 : 6,
    tokens: quick ? 6 : 20,
    concurrent: 0,
    targetToken: 'fra_Latn',
    intraOpThreads: threads,
  };
  const { engineFirstLoadMs } = await prepareSides(modelDir, processes, plan);
  // The sides take turns, round after round, the first of each round alternating: on a shared machine whose load
  // moves by the minute, a side run once after the other would be measured under a different load.
  const rounds: { engine: SideReport; peer: SideReport }[] = [];
  const bandwidths: number[] = [];
  // 1 GiB in all with the same threads a step uses (a few MB when quick). When a side had huge pages, the scan
  // gets them too; the fastest reading of all rounds sets the floor.
  const scan = [threads, (quick ? 2 ** 24 : 2 ** 30) / threads, quick ? 2 : 6] as const;
  for (let round = 0; round < roundCount; round += 1) {
    const engineFirst = round % 2 === 0;
    const before = await runSideProcess(engineFirst ? 'engine' : 'peer', plan, processes);
    const after = await runSideProcess(engineFirst ? 'peer' : 'engine', plan, processes);
    rounds.push(engineFirst ? { engine: before, peer: after } : { engine: after, peer: before });
    bandwidths.push((await measureReadBandwidth(...scan)).gbPerSecond);
    if (processes.hugePages !== 'none')
      bandwidths.push((await measureReadBandwidthIn(translatorProcessEnv(), ...scan)).gbPerSecond);
  }
  const engine = mergeRounds(rounds.map((round) => round.engine));
  const peer = mergeRounds(rounds.map((round) => round.peer));
  const bandwidth = { gbPerSecond: Math.max(...bandwidths) };
  const weights = await cachedStepWeightsOfFile(
    join(modelDir, 'onnx', 'decoder_model_merged_quantized.onnx'),
  );
  const floorMs = (weights.bytes / (bandwidth.gbPerSecond * 1e9)) * 1000;
  const latencyRatio = median(peer.latenciesMs) / median(engine.latenciesMs);
  const stepRatio = cachedStepMs(engine) / floorMs;
  const verdicts: Verdict[] = [
    {
      name: 'single-message latency vs transformers.js',
      measured: `${latencyRatio.toFixed(2)}× faster (median ${median(engine.latenciesMs).toFixed(0)} vs ${median(peer.latenciesMs).toFixed(0)} ms)`,
      goal: '≥ 1.3×',
      met: latencyRatio >= 1.3,
    },
    {
      name: 'time per decoding step vs memory-bandwidth floor',
      measured: `${stepRatio.toFixed(2)}× (${cachedStepMs(engine).toFixed(1)} ms vs ${floorMs.toFixed(1)} ms floor)`,
      goal: '≤ 1.5×',
      met: stepRatio <= 1.5,
    },
    {
      name: 'peak memory',
      measured: `${engine.peakRssMb.toFixed(0)} MB`,
      goal: '< 1300 MB',
      met: engine.peakRssMb < 1300,
    },
    {
      name: 'first translation from process start',
      measured: `${(engine.firstTranslationMs / 1000).toFixed(2)} s`,
      goal: '≤ 3 s',
      met: engine.firstTranslationMs <= 3000,
    },
  ];
  return {
    plan,
    processes,
    engine,
    peer,
    bandwidthGbPerSecond: bandwidth.gbPerSecond,
    engineFirstLoadMs,
    bandwidthReadingsGbPerSecond: bandwidths,
    rounds,
    stepWeightBytes: weights.bytes,
    verdicts,
  };
}

function row(label: string, side: SideReport): string[] {
  return [
    label,
    `${(side.loadMs / 1000).toFixed(2)} s`,
    `${(side.firstTranslationMs / 1000).toFixed(2)} s`,
    `${median(side.latenciesMs).toFixed(0)} ms`,
    `${percentile(side.latenciesMs, 0.9).toFixed(0)} ms`,
    `${cachedStepMs(side).toFixed(1)} ms`,
    String(median(side.tokensPerMessage)),
    `${side.peakRssMb.toFixed(0)} MB`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      ...SIDE_PROCESS_OPTIONS,
      rounds: { type: 'string' },
    },
  });
  const result = await runLatencyBench(
    values.quick,
    sideProcessOptions(values),
    values.rounds === undefined ? undefined : Number(values.rounds),
  );
  const rows = [
    ['side', 'load', 'first translation', 'median', 'p90', 'per step', 'tokens out', 'peak RSS'],
    row('engine', result.engine),
    row('transformers.js', result.peer),
  ];
  const heading =
    `${values.quick ? 'Tiny' : 'NLLB-600M-sized'} random model, q8, ${result.plan.intraOpThreads} intra-op threads, ` +
    `${describeSideProcesses(result.processes)}, ` +
    `${result.rounds.length} rounds of ${result.plan.messages} messages of ${result.plan.tokens} tokens in and out, the sides taking turns; read bandwidth ` +
    `${result.bandwidthGbPerSecond.toFixed(1)} GB/s (memchr/memcmp, ${result.plan.intraOpThreads} threads), ` +
    `${(result.stepWeightBytes / 1e6).toFixed(0)} MB of weights per cached step; the engine's first load of the ` +
    `model, which builds its blockwise weights (once per model), took ${(result.engineFirstLoadMs / 1000).toFixed(2)} s`;
  await report(`translator-latency${values.quick ? '-quick' : ''}`, heading, rows, result.verdicts, result);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
