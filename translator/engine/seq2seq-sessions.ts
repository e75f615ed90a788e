import { join } from 'node:path';
import {
  detectExportLayout,
  onnxFileName,
  type DecoderLayout,
  type OnnxFolder,
  type Precision,
} from './export-layout.ts';
import { GREEDY_CANDIDATES, GREEDY_LOG_PROBS, GREEDY_TOKENS } from './greedy-candidates.ts';
import {
  boolTensor,
  createSession,
  createSplitDecoderSessions,
  emptyInput,
  floatData,
  floatTensor,
  int64Tensor,
  type Feeds,
  type OpenOptions,
  type RuntimeThreads,
  type Session,
  type Tensor,
} from './onnx-runtime.ts';

export type { DecoderLayout, Precision } from './export-layout.ts';

export interface SessionChoice {
  /** Read from the folder's files when not given. */
  layout?: DecoderLayout;
  folder?: OnnxFolder;
  precision: Precision;
  /** See OpenOptions in onnx-runtime.ts. */
  blockwiseProducts?: boolean;
}

const PAST_PREFIX = 'past_key_values.';

/** The inputs the engine knows how to fill, by session; any `past_key_values.*` too on a decoder. */
const ENCODER_INPUTS = ['input_ids', 'attention_mask'];
const DECODER_INPUTS = ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states', 'use_cache_branch'];

/** A session declares an input the engine has no value for: named at load time, not in the middle of a translation. */
export class UnsupportedModelInputError extends Error {
  constructor(
    readonly file: string,
    readonly inputs: string[],
    fillable: string[],
  ) {
    super(
      `${file} declares the input${inputs.length > 1 ? 's' : ''} ${inputs.map((name) => `"${name}"`).join(', ')}, ` +
        `which the engine cannot fill (it feeds ${fillable.join(', ')})`,
    );
    this.name = 'UnsupportedModelInputError';
  }
}

async function openSession(
  modelDir: string,
  file: string,
  fillable: string[],
  threads: RuntimeThreads,
  open: OpenOptions,
): Promise<Session> {
  const session = await createSession(join(modelDir, file), threads, open);
  const isDecoder = fillable === DECODER_INPUTS;
  const unknown = session.inputNames.filter(
    (name) => !fillable.includes(name) && !(isDecoder && name.startsWith(PAST_PREFIX)),
  );
  if (unknown.length > 0) {
    await session.release();
    throw new UnsupportedModelInputError(
      file,
      unknown,
      isDecoder ? [...fillable, `${PAST_PREFIX}*`] : fillable,
    );
  }
  return session;
}

/**
 * A merged decoder opened without its `If`, when it has the usual form: the steps session must need nothing the
 * engine cannot fill, and the cross-attention one nothing but the encoder's output and mask.
 */
async function openSplitDecoder(
  modelDir: string,
  file: string,
  threads: RuntimeThreads,
  open: OpenOptions,
): Promise<{ steps: Session; crossAttention: Session } | null> {
  const split = await createSplitDecoderSessions(join(modelDir, file), threads, open);
  if (split === null) return null;
  const fillable = (name: string) => DECODER_INPUTS.includes(name) || name.startsWith(PAST_PREFIX);
  const crossFillable = (name: string) =>
    name === 'encoder_hidden_states' || name === 'encoder_attention_mask';
  if (split.steps.inputNames.every(fillable) && split.crossAttention.inputNames.every(crossFillable))
    return split;
  await split.steps.release();
  await split.crossAttention.release();
  return null;
}

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

/** Each row's best `perRow` tokens, best first (equal logits by lower token), and their log-probabilities. */
export interface GreedyCandidates {
  perRow: number;
  tokens: BigInt64Array;
  logProbs: Float32Array;
}

/** What a step reads: the logits [rows, 1, vocab], or only the greedy candidates (see greedy-candidates.ts). */
export type StepRead = 'logits' | 'greedy candidates';

export type StepResult = { cache: DecoderCache } & (
  { logits: Tensor; candidates: null } | { logits: null; candidates: GreedyCandidates }
);

/**
 * The encoder and decoder sessions of one Hugging Face seq2seq export, hiding which decoder layout it uses.
 */
export class Seq2SeqSessions {
  private constructor(
    readonly layout: DecoderLayout,
    private readonly encoder: Session,
    private readonly firstStep: Session,
    private readonly laterSteps: Session,
    /** A split merged decoder's cross-attention keys/values of the encoder output (see createSplitDecoderSessions). */
    private readonly crossAttention: Session | null = null,
  ) {}

  /** The candidates a step can read instead of its logits: GREEDY_CANDIDATES when its graph has them, else 0. */
  get greedyCandidatesPerRow(): number {
    const has = (session: Session) =>
      session.outputNames.includes(GREEDY_TOKENS) && session.outputNames.includes(GREEDY_LOG_PROBS);
    return this.layout !== 'no-past' && has(this.firstStep) && has(this.laterSteps) ? GREEDY_CANDIDATES : 0;
  }

  static async load(modelDir: string, choice: SessionChoice, threads: RuntimeThreads) {
    const found =
      choice.layout === undefined || choice.folder === undefined
        ? await detectExportLayout(modelDir, choice.precision)
        : null;
    const layout = choice.layout ?? found?.decoder ?? 'merged';
    const folder = choice.folder ?? found?.folder ?? 'onnx';
    const opened: Session[] = [];
    const openOptions: OpenOptions = { blockwiseProducts: choice.blockwiseProducts ?? false };
    const open = async (base: string, fillable: string[]) => {
      const file = onnxFileName(base, choice.precision, folder);
      const session = await openSession(modelDir, file, fillable, threads, openOptions);
      opened.push(session);
      return session;
    };
    try {
      // The largest file first: while a session prepacks its weights it holds both their mapped pages and the
      // packed copies, so the peak is lowest when that happens before the other sessions hold anything.
      if (layout === 'merged') {
        const split = await openSplitDecoder(
          modelDir,
          onnxFileName('decoder_model_merged', choice.precision, folder),
          threads,
          openOptions,
        );
        if (split !== null) {
          opened.push(split.steps, split.crossAttention);
          const encoder = await open('encoder_model', ENCODER_INPUTS);
          return new Seq2SeqSessions(layout, encoder, split.steps, split.steps, split.crossAttention);
        }
        const merged = await open('decoder_model_merged', DECODER_INPUTS);
        const encoder = await open('encoder_model', ENCODER_INPUTS);
        return new Seq2SeqSessions(layout, encoder, merged, merged);
      }
      const first = await open('decoder_model', DECODER_INPUTS);
      const later = layout === 'split' ? await open('decoder_with_past_model', DECODER_INPUTS) : first;
      const encoder = await open('encoder_model', ENCODER_INPUTS);
      return new Seq2SeqSessions(layout, encoder, first, later);
    } catch (error) {
      // A model that cannot be run as a whole holds none of its sessions.
      for (const session of opened) await session.release();
      throw error;
    }
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

  /**
   * Runs one decoder step; returns logits [rows, 1, vocab] (or, when `read` asks and greedyCandidatesPerRow > 0,
   * only the greedy candidates) and the next cache. A cached layout reads the last token of each row; `no-past`
   * reads the whole prefix, so `prefixes` must all have the same length.
   */
  async step(
    lastTokens: number[],
    prefixes: readonly (readonly number[])[],
    encoded: EncodedBatch,
    cache: DecoderCache | null,
    read: StepRead = 'logits',
  ): Promise<StepResult> {
    if (read === 'greedy candidates' && this.greedyCandidatesPerRow === 0)
      throw new Error('this decoder has no greedy candidates to read');
    const rows = lastTokens.length;
    if (this.layout === 'no-past') return this.stepWithoutPast(prefixes, encoded);
    const feeds: Feeds = {
      input_ids: int64Tensor(lastTokens, [rows, 1]),
      encoder_attention_mask: encoded.attentionMask,
      encoder_hidden_states: encoded.hiddenStates,
    };
    const session = cache === null ? this.firstStep : this.laterSteps;
    const encoderCache = cache?.encoder ?? (await this.crossAttentionCache(encoded));
    if (cache !== null) {
      for (const [name, tensor] of cache.decoder) feeds[PAST_PREFIX + name] = tensor;
    }
    // Fed whenever the session declares them, whatever the layout is called: the merged decoder needs both, and
    // some exports' first-step decoder declares past inputs too.
    if (session.inputNames.includes('use_cache_branch'))
      feeds['use_cache_branch'] = boolTensor(cache !== null);
    if (cache === null) Object.assign(feeds, this.emptyPast(session, rows));
    for (const [name, tensor] of encoderCache ?? []) feeds[PAST_PREFIX + name] = tensor;
    const outputs = await session.run(
      pick(feeds, session.inputNames),
      stepOutputs(session, cache !== null, read),
    );
    const next: DecoderCache = {
      decoder: new Map<string, Tensor>(),
      encoder: encoderCache ?? new Map<string, Tensor>(),
    };
    for (const [name, tensor] of Object.entries(outputs)) {
      if (!name.startsWith('present.')) continue;
      const key = name.slice('present.'.length);
      if (key.includes('.decoder.')) next.decoder.set(key, tensor);
      // Cross-attention KV only comes from the first step; on the cache branch those outputs are placeholders.
      else if (cache === null) next.encoder.set(key, tensor);
    }
    if (read === 'greedy candidates') {
      const tokens = outputs[GREEDY_TOKENS]?.data;
      const logProbs = outputs[GREEDY_LOG_PROBS]?.data;
      if (!(tokens instanceof BigInt64Array) || !(logProbs instanceof Float32Array))
        throw new Error('decoder returned no greedy candidates');
      return { logits: null, candidates: { perRow: GREEDY_CANDIDATES, tokens, logProbs }, cache: next };
    }
    const logits = outputs['logits'];
    if (logits === undefined) throw new Error('decoder returned no logits');
    return { logits, candidates: null, cache: next };
  }

  /** The cross-attention past of a split merged decoder's first step; null for the other layouts. */
  private async crossAttentionCache(encoded: EncodedBatch): Promise<Map<string, Tensor> | null> {
    if (this.crossAttention === null) return null;
    const feeds: Feeds = {
      encoder_hidden_states: encoded.hiddenStates,
      encoder_attention_mask: encoded.attentionMask,
    };
    const outputs = await this.crossAttention.run(pick(feeds, this.crossAttention.inputNames));
    const cache = new Map<string, Tensor>();
    for (const [name, tensor] of Object.entries(outputs)) cache.set(name.slice('present.'.length), tensor);
    return cache;
  }

  private async stepWithoutPast(
    prefixes: readonly (readonly number[])[],
    encoded: EncodedBatch,
  ): Promise<StepResult> {
    const rows = prefixes.length;
    const length = prefixes[0]?.length ?? 0;
    if (prefixes.some((prefix) => prefix.length !== length))
      throw new Error('a decoder without past needs prefixes of one length');
    const feeds: Feeds = {
      input_ids: int64Tensor(prefixes.flat(), [rows, length]),
      encoder_attention_mask: encoded.attentionMask,
      encoder_hidden_states: encoded.hiddenStates,
    };
    const outputs = await this.firstStep.run(pick(feeds, this.firstStep.inputNames));
    const logits = outputs['logits'];
    if (logits === undefined) throw new Error('decoder returned no logits');
    const vocab = logits.dims[2] ?? 0;
    const all = floatData(logits);
    const last = new Float32Array(rows * vocab);
    for (let row = 0; row < rows; row += 1) {
      const start = (row * length + length - 1) * vocab;
      last.set(all.subarray(start, start + vocab), row * vocab);
    }
    return {
      logits: floatTensor(last, [rows, 1, vocab]),
      candidates: null,
      cache: { decoder: new Map(), encoder: new Map() },
    };
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
    const sessions = new Set([this.encoder, this.firstStep, this.laterSteps, this.crossAttention]);
    for (const session of sessions) await session?.release();
  }
}

/**
 * The outputs a step reads. A cached step's cross-attention "present" outputs are placeholders (the encoder's
 * key/values come from the first step and are fed back unchanged), so they are not fetched: ONNX Runtime's Node
 * binding would otherwise wrap each of them (24 for NLLB-600M) in a new JavaScript tensor at every step. Either
 * the logits or the greedy candidates are fetched: ONNX Runtime computes only what the fetched outputs need, and
 * copies out only those.
 */
function stepOutputs(session: Session, cached: boolean, read: StepRead): string[] {
  const candidates = [GREEDY_TOKENS, GREEDY_LOG_PROBS];
  return session.outputNames.filter((name) => {
    if (cached && name.startsWith('present.') && !name.includes('.decoder.')) return false;
    if (name === 'logits') return read === 'logits';
    if (candidates.includes(name)) return read === 'greedy candidates';
    return true;
  });
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
