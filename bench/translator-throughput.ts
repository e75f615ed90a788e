import { basename, dirname } from 'node:path';
import { AutoModelForSeq2SeqLM, env, Tensor } from '@huggingface/transformers';
import { cachedRandomFixture } from '../tools/fixtures/fixture-cache.ts';
import { MARIAN_BASE_DIMS } from '../tools/fixtures/random-transformer.ts';
import { defaultThreads } from '../translator/engine/onnx-runtime.ts';
import { TranslationModel } from '../translator/engine/translation-model.ts';

/**
 * Greedy generation throughput on a random-weight model with opus-mt (Marian base) dimensions, 8-bit quantized:
 * the engine alone, the engine with dynamic batching, and transformers.js (the peer) on the same files. Random
 * weights decide nothing about speed, so the numbers stand for a real opus-mt export of the same size.
 *
 * `npm run bench:translator` (generates the ~300 MB model into .cache/fixtures on first run).
 */
const OUTPUT_TOKENS = 24;
const SENTENCES = 8;
const modelDir = await cachedRandomFixture({
  family: 'marian',
  dims: MARIAN_BASE_DIMS,
  seed: 1,
  precisions: ['quantized'],
});
const threads = defaultThreads();
if (process.env['BENCH_THREADS'] !== undefined) threads.intraOp = Number(process.env['BENCH_THREADS']);
const engine = await TranslationModel.load({
  modelDir,
  precision: 'quantized',
  layout: 'merged',
  threads,
  pairs: ['en-de'],
});
const rows = Array.from({ length: SENTENCES }, (_, sentence) =>
  Array.from({ length: 20 }, (_, position) => 40 + ((sentence * 37 + position * 11) % 50_000)).concat([0]),
);
const greedy = { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 };

/** Runs once to warm up, then once measured; prints and returns tokens per second. */
async function timed(label: string, run: () => Promise<number>): Promise<number> {
  await run(); // warm-up
  const started = performance.now();
  const tokens = await run();
  const seconds = (performance.now() - started) / 1000;
  const rate = tokens / seconds;
  console.log(`${label.padEnd(44)} ${rate.toFixed(1).padStart(8)} tok/s  ${(seconds * 1000).toFixed(0)} ms`);
  return rate;
}

console.log(
  `opus-mt-base-sized random model, q8, ${threads.intraOp} intra-op threads, ${SENTENCES} sentences × ${OUTPUT_TOKENS} tokens`,
);
const engineSingle = await timed('engine, one sentence at a time', async () => {
  let tokens = 0;
  for (const ids of rows) {
    const [result] = await engine.generate(
      [{ ids, target: 'de', isCancelled: () => false }],
      greedy,
      OUTPUT_TOKENS + 1,
    );
    tokens += (result?.tokens.length ?? 1) - 1;
  }
  return tokens;
});
const engineBatch = await timed(`engine, one batch of ${SENTENCES}`, async () => {
  const results = await engine.generate(
    rows.map((ids) => ({ ids, target: 'de', isCancelled: () => false })),
    greedy,
    OUTPUT_TOKENS + 1,
  );
  return results.reduce((sum, result) => sum + (result?.tokens.length ?? 1) - 1, 0);
});

env.allowRemoteModels = false;
env.localModelPath = `${dirname(modelDir)}/`;
const peer = await AutoModelForSeq2SeqLM.from_pretrained(basename(modelDir), { dtype: 'q8', device: 'cpu' });
const peerSingle = await timed('transformers.js, one sentence at a time', async () => {
  let tokens = 0;
  for (const ids of rows) {
    const output = (await peer.generate({
      inputs: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new Tensor(
        'int64',
        BigInt64Array.from(ids, () => 1n),
        [1, ids.length],
      ),
      max_length: OUTPUT_TOKENS + 1,
      min_length: OUTPUT_TOKENS + 1,
      num_beams: 1,
      do_sample: false,
    })) as Tensor;
    tokens += (output.dims[1] ?? 1) - 1;
  }
  return tokens;
});
// Ratios against the peer measured in this same run, on this same machine: the numbers that travel.
console.log(`ratio engine / transformers.js, one at a time: ${(engineSingle / peerSingle).toFixed(2)}`);
console.log(`ratio engine batched / transformers.js one at a time: ${(engineBatch / peerSingle).toFixed(2)}`);
await engine.release();
