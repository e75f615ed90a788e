import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SidePlan, SideReport, BurstReport } from './side-plan.ts';
import { messageIds } from './side-plan.ts';

/**
 * One side of a translator benchmark, run as `node --import tsx bench/translator/side.ts <engine|peer> <plan>`:
 * loads the model, translates once (the first translation, timed from this process's start), then the warm
 * single messages, the same messages stopped after one step, and a burst of concurrent requests; prints a
 * SideReport as JSON. Both sides get the same ids, threads and forced target token.
 */
type Translate = (ids: number[], outputTokens: number) => Promise<number>;

interface LoadedSide {
  translate: Translate;
  /** `count` requests submitted at once, the way the gRPC service receives them. */
  burst: (requests: number[][], outputTokens: number) => Promise<number>;
  release: () => Promise<void>;
}

async function tokenId(modelDir: string, token: string): Promise<number> {
  const tokenizer = JSON.parse(await readFile(join(modelDir, 'tokenizer.json'), 'utf8')) as {
    added_tokens: { id: number; content: string }[];
  };
  const found = tokenizer.added_tokens.find((added) => added.content === token);
  if (found === undefined) throw new Error(`${token} is not a token of ${modelDir}`);
  return found.id;
}

async function loadEngine(plan: SidePlan): Promise<LoadedSide> {
  const { TranslationModel } = await import('../../translator/engine/translation-model.ts');
  const { DynamicBatcher } = await import('../../translator/engine/batcher.ts');
  // The engine warns when it falls back from what it runs by default (the blockwise products it could not build
  // or use): a measurement of that is not of the engine, so the side stops and says why.
  const warnings: string[] = [];
  const listen = (warning: Error) => {
    if (warning.name === 'Warning') warnings.push(warning.message);
  };
  process.on('warning', listen);
  const engine = await TranslationModel.load({
    modelDir: plan.modelDir,
    precision: 'quantized',
    layout: 'merged',
    threads: { intraOp: plan.intraOpThreads, interOp: 1 },
  });
  // Warnings are emitted on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', listen);
  if (warnings.length > 0) throw new Error(`the engine warned while loading: ${warnings.join('; ')}`);
  const target = plan.targetToken.replace(/_.*/, '');
  const decoding = { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 };
  const generate = async (requests: { ids: number[]; maxLength: number }[], isCancelled: (() => boolean)[]) =>
    engine.generate(
      requests.map((request, index) => ({
        ids: request.ids,
        target: targetOf(target),
        isCancelled: isCancelled[index] ?? (() => false),
        maxLength: request.maxLength,
      })),
      decoding,
      Math.max(...requests.map((request) => request.maxLength)),
    );
  // The service's own queue: requests arriving together share one encoder run and one decoder batch.
  const batcher = new DynamicBatcher(generate, () => 'bench', {
    maxBatchSize: 8,
    maxQueued: 64,
    gatherMs: 5,
  });
  const generated = (sequence: { tokens: number[] } | null) => (sequence?.tokens.length ?? 1) - 2;
  return {
    translate: async (ids, outputTokens) => {
      const [sequence] = await generate([{ ids, maxLength: outputTokens + 1 }], []);
      return generated(sequence ?? null);
    },
    burst: async (requests, outputTokens) => {
      const results = await Promise.all(
        requests.map((ids) => batcher.submit({ ids, maxLength: outputTokens + 1 })),
      );
      return results.reduce((sum, sequence) => sum + generated(sequence), 0);
    },
    release: () => engine.release(),
  };
}

/** The engine names NLLB targets by language code; the bench's token is NLLB's ("fra_Latn" → "fr"). */
function targetOf(language: string): string {
  return { fra: 'fr', spa: 'es', deu: 'de', ita: 'it', eng: 'en' }[language] ?? language;
}

async function loadPeer(plan: SidePlan): Promise<LoadedSide> {
  const { AutoModelForSeq2SeqLM, env, Tensor } = await import('@huggingface/transformers');
  const forcedBos = await tokenId(plan.modelDir, plan.targetToken);
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(plan.modelDir)}/`;
  const onnxEnv = env.backends.onnx as { setLogLevel?: unknown; numThreads?: number };
  onnxEnv.numThreads = plan.intraOpThreads;
  const peer = await AutoModelForSeq2SeqLM.from_pretrained(basename(plan.modelDir), {
    dtype: 'q8',
    device: 'cpu',
    session_options: { intraOpNumThreads: plan.intraOpThreads, interOpNumThreads: 1 },
  });
  const translate: Translate = async (ids, outputTokens) => {
    const output = (await peer.generate({
      inputs: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new Tensor(
        'int64',
        BigInt64Array.from(ids, () => 1n),
        [1, ids.length],
      ),
      // The first generated token is the forced target language, as the engine does it.
      forced_bos_token_id: forcedBos,
      max_length: outputTokens + 1,
      min_length: outputTokens + 1,
      num_beams: 1,
      do_sample: false,
    })) as InstanceType<typeof Tensor>;
    return (output.dims[1] ?? 2) - 2;
  };
  return {
    translate,
    // transformers.js has no queue: concurrent calls each run their own generation on the shared sessions.
    burst: async (requests, outputTokens) =>
      (await Promise.all(requests.map((ids) => translate(ids, outputTokens)))).reduce((a, b) => a + b, 0),
    release: async () => {
      await peer.dispose();
    },
  };
}

async function vocabularySize(modelDir: string): Promise<number> {
  const config = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as { vocab_size: number };
  return config.vocab_size;
}

export async function runSide(side: 'engine' | 'peer', plan: SidePlan): Promise<SideReport> {
  const vocabulary = await vocabularySize(plan.modelDir);
  const ids = (index: number) => messageIds(index, plan.tokens, vocabulary);
  const loadStarted = performance.now();
  const loaded = side === 'engine' ? await loadEngine(plan) : await loadPeer(plan);
  const loadMs = performance.now() - loadStarted;
  await loaded.translate(ids(0), plan.tokens);
  const firstTranslationMs = performance.now();
  const latenciesMs: number[] = [];
  const tokensPerMessage: number[] = [];
  const firstStepMs: number[] = [];
  for (let message = 1; message <= plan.messages; message += 1) {
    let begin = performance.now();
    tokensPerMessage.push(await loaded.translate(ids(message), plan.tokens));
    latenciesMs.push(performance.now() - begin);
    begin = performance.now();
    await loaded.translate(ids(message), 1);
    firstStepMs.push(performance.now() - begin);
  }
  let burst: BurstReport | null = null;
  if (plan.concurrent > 0) {
    const requests = Array.from({ length: plan.concurrent }, (_, index) => ids(100 + index));
    await loaded.burst(requests, plan.tokens); // warm-up: the first batch of this size sizes the arena
    const begin = performance.now();
    const tokens = await loaded.burst(requests, plan.tokens);
    burst = { requests: requests.length, tokens, ms: performance.now() - begin };
  }
  await loaded.release();
  return {
    side,
    firstTranslationMs,
    loadMs,
    latenciesMs,
    tokensPerMessage,
    firstStepMs,
    burst,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const [, , side, planJson] = process.argv;
if ((side === 'engine' || side === 'peer') && planJson !== undefined) {
  const report = await runSide(side, JSON.parse(planJson) as SidePlan);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
