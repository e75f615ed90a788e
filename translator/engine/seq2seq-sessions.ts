import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  boolTensor,
  createSession,
  emptyInput,
  int64Tensor,
  type Feeds,
  type RuntimeThreads,
  type Session,
  type Tensor,
} from './onnx-runtime.ts';

/** `merged`: decoder_model_merged (use_cache_branch); `split`: decoder_model + decoder_with_past_model. */
export type DecoderLayout = 'merged' | 'split';
export type Precision = 'fp32' | 'quantized';

export interface SessionChoice {
  layout?: DecoderLayout;
  precision: Precision;
}

const PAST_PREFIX = 'past_key_values.';

/** The KV cache between steps: decoder self-attention grows, encoder cross-attention is fixed after step 0. */
export interface DecoderCache {
  decoder: Map<string, Tensor>;
  encoder: Map<string, Tensor>;
}

export interface EncoderBatch {
  inputIds: number[];
  attentionMask: number[];
  batchSize: number;
  sequenceLength: number;
}

export interface EncodedBatch {
  hiddenStates: Tensor;
  attentionMask: Tensor;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function fileName(base: string, precision: Precision): string {
  return `onnx/${base}${precision === 'quantized' ? '_quantized' : ''}.onnx`;
}

/** The files a layout and precision need; used by the catalog and the downloader too. */
export function requiredOnnxFiles(layout: DecoderLayout, precision: Precision): string[] {
  const decoders =
    layout === 'merged' ? ['decoder_model_merged'] : ['decoder_model', 'decoder_with_past_model'];
  return ['encoder_model', ...decoders].map((base) => fileName(base, precision));
}

/**
 * The encoder and decoder sessions of one Hugging Face seq2seq export, hiding which decoder layout it uses.
 */
export class Seq2SeqSessions {
  private constructor(
    readonly layout: DecoderLayout,
    private readonly encoder: Session,
    private readonly firstStep: Session,
    private readonly laterSteps: Session,
  ) {}

  static async load(modelDir: string, choice: SessionChoice, threads: RuntimeThreads) {
    const layout =
      choice.layout ??
      ((await exists(join(modelDir, fileName('decoder_model_merged', choice.precision))))
        ? 'merged'
        : 'split');
    const path = (base: string) => join(modelDir, fileName(base, choice.precision));
    const encoder = await createSession(path('encoder_model'), threads);
    if (layout === 'merged') {
      const merged = await createSession(path('decoder_model_merged'), threads);
      return new Seq2SeqSessions(layout, encoder, merged, merged);
    }
    const first = await createSession(path('decoder_model'), threads);
    const later = await createSession(path('decoder_with_past_model'), threads);
    return new Seq2SeqSessions(layout, encoder, first, later);
  }

  async encode(batch: EncoderBatch): Promise<EncodedBatch> {
    const dims = [batch.batchSize, batch.sequenceLength];
    const attentionMask = int64Tensor(batch.attentionMask, dims);
    const feeds: Feeds = { input_ids: int64Tensor(batch.inputIds, dims), attention_mask: attentionMask };
    const outputs = await this.encoder.run(pick(feeds, this.encoder.inputNames));
    const hiddenStates = outputs['last_hidden_state'];
    if (hiddenStates === undefined) throw new Error('encoder returned no last_hidden_state');
    return { hiddenStates, attentionMask };
  }

  /** Runs one decoder step on the last token of each row; returns logits [rows, vocab] and the next cache. */
  async step(
    lastTokens: number[],
    encoded: EncodedBatch,
    cache: DecoderCache | null,
  ): Promise<{ logits: Tensor; cache: DecoderCache }> {
    const rows = lastTokens.length;
    const feeds: Feeds = {
      input_ids: int64Tensor(lastTokens, [rows, 1]),
      encoder_attention_mask: encoded.attentionMask,
      encoder_hidden_states: encoded.hiddenStates,
    };
    const session = cache === null ? this.firstStep : this.laterSteps;
    if (cache !== null) {
      for (const [name, tensor] of [...cache.decoder, ...cache.encoder]) feeds[PAST_PREFIX + name] = tensor;
    }
    if (this.layout === 'merged') {
      feeds['use_cache_branch'] = boolTensor(cache !== null);
      if (cache === null) Object.assign(feeds, this.emptyPast(session, rows));
    }
    const outputs = await session.run(pick(feeds, session.inputNames));
    const logits = outputs['logits'];
    if (logits === undefined) throw new Error('decoder returned no logits');
    const next: DecoderCache = {
      decoder: new Map<string, Tensor>(),
      encoder: cache?.encoder ?? new Map<string, Tensor>(),
    };
    for (const [name, tensor] of Object.entries(outputs)) {
      if (!name.startsWith('present.')) continue;
      const key = name.slice('present.'.length);
      if (key.includes('.decoder.')) next.decoder.set(key, tensor);
      // Cross-attention KV only comes from the first step; on the cache branch those outputs are placeholders.
      else if (cache === null) next.encoder.set(key, tensor);
    }
    return { logits, cache: next };
  }

  /** Zero-length past tensors, which the merged decoder declares as inputs even on its first step. */
  private emptyPast(session: Session, rows: number): Feeds {
    const feeds: Feeds = {};
    for (const name of session.inputNames) {
      if (name.startsWith(PAST_PREFIX)) feeds[name] = emptyInput(session, name, rows);
    }
    return feeds;
  }

  async release(): Promise<void> {
    const sessions = new Set([this.encoder, this.firstStep, this.laterSteps]);
    for (const session of sessions) await session.release();
  }
}

function pick(feeds: Feeds, names: readonly string[]): Feeds {
  const picked: Feeds = {};
  for (const name of names) {
    const tensor = feeds[name];
    if (tensor === undefined) throw new Error(`no value for the model input "${name}"`);
    picked[name] = tensor;
  }
  return picked;
}
