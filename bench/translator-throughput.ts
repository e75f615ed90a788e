import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultThreads } from '../translator/engine/onnx-runtime.ts';
import { report, type Verdict } from './report.ts';
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
import type { BurstReport, SidePlan, SideReport } from './translator/side-plan.ts';

/**
 * `npm run bench:translator [-- --quick]`: throughput with 8 requests arriving at once, the engine against
 * transformers.js (the peer) on the same NLLB-600M-sized q8 files, threads and ids, each in a process of its own.
 * The engine takes them the way the gRPC service does, through its queue (DynamicBatcher), which runs the
 * waiting requests as one encoder batch and one decoder batch; transformers.js runs each call's generation on
 * its shared sessions. Decoding steps are memory-bound, so one batched step costs little more than one row.
 */
export const CONCURRENT_REQUESTS = 8;

export interface ThroughputBenchResult {
  plan: SidePlan;
  /** How both sides ran: compiled under plain Node (the default) or under tsx (`--tsx`), and which got huge pages. */
  processes: SideProcessOptions;
  engine: SideReport;
  peer: SideReport;
  verdicts: Verdict[];
}

export function tokensPerSecond(burst: BurstReport | null): number {
  return burst === null ? 0 : burst.tokens / (burst.ms / 1000);
}

export async function runThroughputBench(
  quick: boolean,
  processes: SideProcessOptions = DEFAULT_SIDE_PROCESS,
): Promise<ThroughputBenchResult> {
  const modelDir = await benchModel(quick);
  const plan: SidePlan = {
    modelDir,
    messages: 1,
    tokens: quick ? 6 : 20,
    concurrent: CONCURRENT_REQUESTS,
    targetToken: 'fra_Latn',
    intraOpThreads: defaultThreads().intraOp,
  };
  await prepareSides(modelDir, processes, plan);
  const engine = await runSideProcess('engine', plan, processes);
  const peer = await runSideProcess('peer', plan, processes);
  const ratio = tokensPerSecond(engine.burst) / tokensPerSecond(peer.burst);
  const verdicts: Verdict[] = [
    {
      name: `throughput with ${CONCURRENT_REQUESTS} concurrent requests vs transformers.js`,
      measured: `${ratio.toFixed(2)}× (${tokensPerSecond(engine.burst).toFixed(1)} vs ${tokensPerSecond(peer.burst).toFixed(1)} tokens/s)`,
      goal: '≥ 3×',
      met: ratio >= 3,
    },
  ];
  return { plan, processes, engine, peer, verdicts };
}

function row(label: string, side: SideReport): string[] {
  const burst = side.burst;
  return [
    label,
    String(burst?.requests ?? 0),
    String(burst?.tokens ?? 0),
    `${(burst?.ms ?? 0).toFixed(0)} ms`,
    tokensPerSecond(burst).toFixed(1),
    `${side.latenciesMs[0]?.toFixed(0) ?? '?'} ms`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      ...SIDE_PROCESS_OPTIONS,
    },
  });
  const result = await runThroughputBench(values.quick, sideProcessOptions(values));
  const rows = [
    ['side', 'requests', 'tokens out', 'burst time', 'tokens/s', 'one message alone'],
    row('engine (queue, batched)', result.engine),
    row('transformers.js', result.peer),
  ];
  const heading =
    `${values.quick ? 'Tiny' : 'NLLB-600M-sized'} random model, q8, ${result.plan.intraOpThreads} intra-op threads, ` +
    `${describeSideProcesses(result.processes)}, ` +
    `${CONCURRENT_REQUESTS} requests of ${result.plan.tokens} tokens in and out submitted at once`;
  await report(
    `translator-throughput${values.quick ? '-quick' : ''}`,
    heading,
    rows,
    result.verdicts,
    result,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
