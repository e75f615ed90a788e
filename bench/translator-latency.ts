import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoModelForSeq2SeqLM, env, Tensor } from '@huggingface/transformers';
import { cachedRandomFixture, readFixtureJson } from '../tools/fixtures/fixture-cache.ts';
import { NLLB_600M_DIMS } from '../tools/fixtures/random-transformer.ts';
import { defaultThreads } from '../translator/engine/onnx-runtime.ts';
import { TranslationModel } from '../translator/engine/translation-model.ts';

/**
 * What a user of the default model waits for: warm latency of one chat message (20 tokens in, 20 out) on a model
 * with NLLB-200-distilled-600M's dimensions, 8-bit quantized, the engine against transformers.js (the peer) on the
 * same files. Each side runs in a process of its own, so its load time and resident memory are its own.
 *
 * Targets (shared/reference/translation-anchors.md §F, for NLLB-600M q8 on a 2-core machine): median ≤ 0.8 s,
 * p90 ≤ 1.5 s; cold start ≤ 3 s from local disk. Random weights decide nothing about speed.
 *
 * `npm run bench:latency` (generates the ~900 MB model into .cache/fixtures on first run, which takes minutes).
 */
const MESSAGES = 12;
const TOKENS = 20;
const TARGETS = ['fr', 'es', 'de', 'it'];

interface SideReport {
  loadMs: number;
  latenciesMs: number[];
  tokens: number;
  /** One message into four languages at once (engine only: it batches them into one run). */
  fourLanguagesMs?: number;
  rssMb: number;
}

const modelDir = await cachedRandomFixture({
  family: 'nllb',
  dims: NLLB_600M_DIMS,
  seed: 1,
  precisions: ['quantized'],
});
const threads = defaultThreads();
const inputs = Array.from({ length: MESSAGES + 1 }, (_, message) =>
  Array.from(
    { length: TOKENS - 1 },
    (_, position) => 300 + ((message * 613 + position * 97) % 200_000),
  ).concat([2]),
);

function maxRssMb(): number {
  // ru_maxrss is in kilobytes on Linux.
  return process.resourceUsage().maxRSS / 1024;
}

async function runEngine(): Promise<SideReport> {
  const started = performance.now();
  const engine = await TranslationModel.load({ modelDir, precision: 'quantized', layout: 'merged', threads });
  const loadMs = performance.now() - started;
  const decoding = { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 };
  const translate = async (ids: number[], targets: string[]) =>
    engine.generate(
      targets.map((target) => ({ ids, target, isCancelled: () => false })),
      decoding,
      TOKENS + 1,
    );
  const latenciesMs: number[] = [];
  let tokens = 0;
  await translate(inputs[0] ?? [], [TARGETS[0] ?? '']); // warm-up
  for (const ids of inputs.slice(1)) {
    const begin = performance.now();
    const [result] = await translate(ids, [TARGETS[0] ?? '']);
    latenciesMs.push(performance.now() - begin);
    tokens += (result?.tokens.length ?? 1) - 1;
  }
  const begin = performance.now();
  await translate(inputs[1] ?? [], TARGETS);
  const fourLanguagesMs = performance.now() - begin;
  await engine.release();
  return { loadMs, latenciesMs, tokens, fourLanguagesMs, rssMb: maxRssMb() };
}

/** The id of a language token ("fra_Latn") in the model's tokenizer.json. */
async function tokenId(token: string): Promise<number> {
  const tokenizer = (await readFixtureJson(modelDir, 'tokenizer.json')) as {
    added_tokens: { id: number; content: string }[];
  };
  const found = tokenizer.added_tokens.find((added) => added.content === token);
  if (found === undefined) throw new Error(`${token} is not a token of ${modelDir}`);
  return found.id;
}

async function runPeer(): Promise<SideReport> {
  const forcedBos = await tokenId('fra_Latn');
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(modelDir)}/`;
  const started = performance.now();
  const peer = await AutoModelForSeq2SeqLM.from_pretrained(basename(modelDir), {
    dtype: 'q8',
    device: 'cpu',
  });
  const loadMs = performance.now() - started;
  const translate = async (ids: number[]) =>
    (await peer.generate({
      inputs: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new Tensor(
        'int64',
        BigInt64Array.from(ids, () => 1n),
        [1, ids.length],
      ),
      // The first generated token is the forced target language, as the engine does it.
      forced_bos_token_id: forcedBos,
      max_length: TOKENS + 1,
      min_length: TOKENS + 1,
      num_beams: 1,
      do_sample: false,
    })) as Tensor;
  const latenciesMs: number[] = [];
  let tokens = 0;
  await translate(inputs[0] ?? []); // warm-up
  for (const ids of inputs.slice(1)) {
    const begin = performance.now();
    const output = await translate(ids);
    latenciesMs.push(performance.now() - begin);
    tokens += (output.dims[1] ?? 1) - 1;
  }
  return { loadMs, latenciesMs, tokens, rssMb: maxRssMb() };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const side = process.argv[2];
if (side === 'engine' || side === 'peer') {
  const report = side === 'engine' ? await runEngine() : await runPeer();
  process.stdout.write(JSON.stringify(report));
} else {
  const run = (which: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), which], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      }),
    ) as SideReport;
  console.log(
    `NLLB-600M-sized random model, q8, ${threads.intraOp} intra-op threads, ${MESSAGES} messages of ${TOKENS} tokens in and out`,
  );
  // Both sides load from the page cache: otherwise whichever runs first pays for reading the files from disk.
  for (const file of await readdir(join(modelDir, 'onnx'))) await readFile(join(modelDir, 'onnx', file));
  const engine = run('engine');
  const peer = run('peer');
  const line = (label: string, report: SideReport) => {
    const median = percentile(report.latenciesMs, 0.5);
    const p90 = percentile(report.latenciesMs, 0.9);
    console.log(
      `${label.padEnd(16)} load ${(report.loadMs / 1000).toFixed(1)} s  median ${median.toFixed(0)} ms  p90 ${p90.toFixed(0)} ms  ` +
        `${report.tokens} tokens  max RSS ${report.rssMb.toFixed(0)} MB`,
    );
    return { median, p90 };
  };
  const ours = line('engine', engine);
  const theirs = line('transformers.js', peer);
  console.log(
    `engine, one message into ${TARGETS.length} languages in one run: ${(engine.fourLanguagesMs ?? 0).toFixed(0)} ms`,
  );
  // Ratios against the peer measured in this same run: the numbers that travel to other machines.
  console.log(`ratio median latency transformers.js / engine: ${(theirs.median / ours.median).toFixed(2)}`);
  console.log(`ratio max RSS transformers.js / engine: ${(peer.rssMb / engine.rssMb).toFixed(2)}`);
  const met = ours.median <= 800 && ours.p90 <= 1500 && engine.loadMs <= 3000;
  console.log(
    `target (median ≤ 800 ms, p90 ≤ 1500 ms, load ≤ 3 s): ${met ? 'met' : 'NOT met'} on this machine`,
  );
}
