import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS, type TransformerDims } from '../../tools/fixtures/random-transformer.ts';
import { GREEDY_CANDIDATES, GREEDY_LOG_PROBS, GREEDY_TOKENS } from './greedy-candidates.ts';
import { logSoftmax } from './logits.ts';
import { splitMergedDecoder } from './merged-decoder-split.ts';
import {
  boolTensor,
  createSession,
  createSplitDecoderSessions,
  emptyInput,
  floatData,
  int64Tensor,
  type Feeds,
  type Session,
  type Tensor,
} from './onnx-runtime.ts';

/** Embedding and LM head over the size worth mapping, so the split runs on a mapped graph too. */
const MAPPED_DIMS: TransformerDims = { ...TINY_DIMS, vocabSize: 2048, dModel: 64, ffn: 128 };
const threads = { intraOp: 1, interOp: 1 };
const PAST = 'past_key_values.';

async function model(dims: TransformerDims): Promise<string> {
  return cachedRandomFixture({ family: 'nllb', dims, seed: 5, precisions: ['quantized'] });
}

function values(tensor: Tensor | undefined): number[] {
  if (tensor === undefined) throw new Error('a missing output');
  return tensor.data instanceof BigInt64Array
    ? Array.from(tensor.data, Number)
    : Array.from(floatData(tensor));
}

/**
 * Takes the greedy candidates out of a split step's outputs, checking them against its logits: each row's best
 * tokens in order (equal logits by lower token), with their exact log-softmax.
 */
function withoutCheckedCandidates(step: Record<string, number[]>): Record<string, number[]> {
  const { [GREEDY_TOKENS]: tokens, [GREEDY_LOG_PROBS]: logProbs, ...rest } = step;
  const logits = rest['logits'] ?? [];
  const vocab = logits.length / 2;
  for (const row of [0, 1]) {
    const rowLogits = logits.slice(row * vocab, (row + 1) * vocab);
    const best = rowLogits
      .map((value, token) => ({ value, token }))
      .sort((a, b) => b.value - a.value || a.token - b.token)
      .slice(0, GREEDY_CANDIDATES)
      .map(({ token }) => token);
    const span = [row * GREEDY_CANDIDATES, (row + 1) * GREEDY_CANDIDATES] as const;
    expect(tokens?.slice(...span)).toEqual(best);
    const exact = logSoftmax(Float32Array.from(rowLogits));
    logProbs?.slice(...span).forEach((logProb, index) => {
      expect(logProb).toBeCloseTo(exact[best[index] ?? -1] ?? 0, 5);
    });
  }
  return rest;
}

function argmax(logits: number[]): number {
  return logits.reduce((best, value, index) => (value > (logits[best] ?? -Infinity) ? index : best), 0);
}

/** Encoder output of two rows of different lengths (the second padded), as the engine batches them. */
async function encode(modelDir: string): Promise<{ hidden: Tensor; mask: Tensor }> {
  const encoder = await createSession(join(modelDir, 'onnx', 'encoder_model_quantized.onnx'), threads);
  try {
    const ids = [70, 80, 90, 100, 2, 120, 130, 2, 1, 1];
    const mask = int64Tensor([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [2, 5]);
    const outputs = await encoder.run({ input_ids: int64Tensor(ids, [2, 5]), attention_mask: mask });
    const hidden = outputs['last_hidden_state'];
    if (hidden === undefined) throw new Error('no encoder output');
    return { hidden, mask };
  } finally {
    await encoder.release();
  }
}

/** Every output of `steps` decoding steps, each step's tokens the merged model's greedy choice. */
async function decode(
  run: (tokens: number[], past: Map<string, Tensor> | null) => Promise<Record<string, Tensor>>,
  steps: number,
): Promise<Record<string, number[]>[]> {
  const seen: Record<string, number[]>[] = [];
  let tokens = [2, 2];
  let past: Map<string, Tensor> | null = null;
  for (let step = 0; step < steps; step += 1) {
    const outputs = await run(tokens, past);
    const next: Map<string, Tensor> = new Map(past ?? []);
    const record: Record<string, number[]> = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      record[name] = values(tensor);
      if (name.startsWith('present.') && (past === null || name.includes('.decoder.')))
        next.set(PAST + name.slice('present.'.length), tensor);
    }
    seen.push(record);
    past = next;
    const logits = record['logits'] ?? [];
    const vocab = logits.length / 2;
    tokens = [0, 1].map((row) => argmax(logits.slice(row * vocab, (row + 1) * vocab)));
  }
  return seen;
}

function feedsFor(session: Session, base: Feeds, past: Map<string, Tensor> | null): Feeds {
  const feeds: Feeds = {};
  for (const name of session.inputNames) {
    if (name === 'use_cache_branch') feeds[name] = boolTensor(past !== null);
    else if (name.startsWith(PAST)) feeds[name] = past?.get(name) ?? emptyInput(session, name, 2);
    else {
      const tensor = base[name];
      if (tensor === undefined) throw new Error(`no feed for ${name}`);
      feeds[name] = tensor;
    }
  }
  return feeds;
}

describe('a merged decoder split into its cached steps and its cross-attention', () => {
  it.each([
    ['inline', TINY_DIMS],
    ['mapped', MAPPED_DIMS],
  ] as const)('computes every step bit for bit as the merged model does (%s weights)', async (_, dims) => {
    const modelDir = await model(dims);
    const path = join(modelDir, 'onnx', 'decoder_model_merged_quantized.onnx');
    const { hidden, mask } = await encode(modelDir);
    const merged = await createSession(path, threads);
    const split = await createSplitDecoderSessions(path, threads);
    if (split === null) throw new Error('the merged decoder was not split');
    try {
      expect(split.steps.inputNames).not.toContain('use_cache_branch');
      expect(split.steps.outputNames.filter((name) => name.includes('.encoder.'))).toEqual([]);
      expect(split.crossAttention.inputNames).toEqual(['encoder_hidden_states']);
      const base = (tokens: number[]): Feeds => ({
        input_ids: int64Tensor(tokens, [2, 1]),
        encoder_attention_mask: mask,
        encoder_hidden_states: hidden,
      });
      const expected = await decode(async (tokens, past) => {
        const outputs = await merged.run(feedsFor(merged, base(tokens), past));
        // A cached step's cross-attention presents are placeholders, which the engine does not read.
        if (past === null) return outputs;
        return Object.fromEntries(Object.entries(outputs).filter(([name]) => !name.includes('.encoder.')));
      }, 5);
      const actual = await decode(async (tokens, past) => {
        if (past !== null) return split.steps.run(feedsFor(split.steps, base(tokens), past));
        const cross = await split.crossAttention.run({ encoder_hidden_states: hidden });
        const first = new Map(
          Object.entries(cross).map(([name, tensor]) => [name.replace('present.', PAST), tensor]),
        );
        const outputs = await split.steps.run(feedsFor(split.steps, base(tokens), first));
        // With the cross-attention's keys and values, as the merged model's first step returns them.
        return { ...outputs, ...cross };
      }, 5);
      const checked = actual.map(withoutCheckedCandidates);
      expect(checked.map((step) => Object.keys(step).sort())).toEqual(
        expected.map((step) => Object.keys(step).sort()),
      );
      expect(checked).toEqual(expected);
    } finally {
      await merged.release();
      await split.steps.release();
      await split.crossAttention.release();
    }
  });

  it('leaves a model without the merged If to be opened whole', async () => {
    const modelDir = await model(TINY_DIMS);
    for (const file of ['encoder_model_quantized.onnx', 'decoder_model_quantized.onnx']) {
      expect(splitMergedDecoder(readFileSync(join(modelDir, 'onnx', file)))).toBeNull();
    }
  });
});
