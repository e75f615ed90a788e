import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import ort from 'onnxruntime-node';
import { withBlockwiseProducts } from './blockwise-graph.ts';
import { blockwiseIsFastEnough, PROBE_RUNS, probeInput, probeModels } from './blockwise-probe.ts';
import { mapWeightsInPlace } from './mapped-weights.ts';
import { splitMergedDecoder } from './merged-decoder-split.ts';

/**
 * The one module that talks to ONNX Runtime. Everything else sees sessions and tensors through these types,
 * so the runtime's thread settings and logging are decided in one place.
 */
export type Tensor = ort.Tensor;
export type Session = ort.InferenceSession;
export type Feeds = Record<string, Tensor>;

export interface RuntimeThreads {
  /** Threads one operator may use. */
  intraOp: number;
  /** Threads running independent operators at once. */
  interOp: number;
}

/**
 * On a small machine (2 cores here) the batcher already runs one model step at a time, so each step gets every
 * core for its matrix products (intra-op) and graph-level parallelism stays off: two pools competing for two
 * cores would only oversubscribe them (the failure Meeshy's history recorded as a 2x slowdown).
 */
export function defaultThreads(): RuntimeThreads {
  return { intraOp: Math.max(1, Math.min(availableParallelism(), 8)), interOp: 1 };
}

export interface OpenOptions {
  /**
   * The export's dynamically quantized products run as `MatMulNBits` over weights built once beside the file
   * (blockwise-graph.ts): what the engine runs. Off, the graph runs exactly as exported (checks that compare
   * with the export itself, and a model being validated before it is installed, whose folder is the user's).
   */
  blockwiseProducts?: boolean;
}

/** A graph in memory is decoded for the blockwise rewrite only when it is small: its weights mapped, or a tiny model. */
const MAX_REWRITTEN_GRAPH_BYTES = 64 * 1024 * 1024;

/**
 * Opens one model file. Its large 8-bit weights are mapped from the file rather than read into memory (see
 * mapped-weights.ts): the pages of a weight that a kernel prepacks are dropped once it has, and an embedding
 * table costs only the rows a translation reads.
 */
export async function createSession(
  path: string,
  threads: RuntimeThreads,
  open: OpenOptions = {},
): Promise<Session> {
  const mapped = mapWeightsInPlace(path);
  const graph =
    mapped?.graph ??
    (open.blockwiseProducts === true && statSync(path).size <= MAX_REWRITTEN_GRAPH_BYTES
      ? readFileSync(path)
      : null);
  if (graph === null) return ort.InferenceSession.create(path, sessionOptions(threads, null));
  return createGraphSession(graph, path, 'whole', threads, open);
}

/**
 * A session of `graph` (a model of `path`), its products blockwise when asked (blockwise-graph.ts). A rewritten
 * graph the runtime refuses is opened as exported instead: the rewrite may cost speed, never the translation.
 */
async function createGraphSession(
  graph: Uint8Array,
  path: string,
  role: string,
  threads: RuntimeThreads,
  open: OpenOptions,
): Promise<Session> {
  const options = sessionOptions(threads, dirname(path));
  const rewritten =
    open.blockwiseProducts === true
      ? await withBlockwiseProducts(graph, path, role, () => blockwiseKernelIsFast(threads))
      : graph;
  if (rewritten === graph) return ort.InferenceSession.create(graph, options);
  try {
    return await ort.InferenceSession.create(rewritten, options);
  } catch (error) {
    process.emitWarning(
      `the runtime refused the blockwise products of ${path} (${error instanceof Error ? error.message : String(error)}); they run as exported`,
    );
    return ort.InferenceSession.create(graph, options);
  }
}

/**
 * A merged decoder (`decoder_model_merged`) opened as two sessions without its `If` (merged-decoder-split.ts):
 * `steps` runs every step, `crossAttention` the encoder's cross-attention keys and values once. The steps
 * session is created first: it prepacks nearly all the weights, and the peak is lowest when that happens before
 * any other session holds anything. Null when the file is not of that form (it is then opened whole).
 */
export async function createSplitDecoderSessions(
  path: string,
  threads: RuntimeThreads,
  open: OpenOptions = {},
): Promise<{ steps: Session; crossAttention: Session } | null> {
  const mapped = mapWeightsInPlace(path);
  const graph =
    mapped?.graph ?? (statSync(path).size <= MAX_REWRITTEN_GRAPH_BYTES ? readFileSync(path) : null);
  if (graph === null || graph.length > MAX_REWRITTEN_GRAPH_BYTES) return null;
  const split = splitMergedDecoder(graph);
  if (split === null) return null;
  // The split models name their weights' file relative to it, as the mapped graph did.
  const steps = await createGraphSession(split.steps, path, 'steps', threads, open);
  try {
    return {
      steps,
      crossAttention: await createGraphSession(split.crossAttention, path, 'cross-attention', threads, open),
    };
  } catch (error) {
    await steps.release();
    throw error;
  }
}

async function medianRunMs(session: Session, feeds: Feeds): Promise<number> {
  await session.run(feeds);
  const times: number[] = [];
  for (let run = 0; run < PROBE_RUNS; run += 1) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? 0;
}

async function probeBlockwiseKernel(threads: RuntimeThreads): Promise<boolean> {
  const models = probeModels();
  const input = probeInput();
  const feeds = { x: new ort.Tensor('float32', input.values, input.dims) };
  const exported = await ort.InferenceSession.create(models.exported, sessionOptions(threads, null));
  try {
    const blockwise = await ort.InferenceSession.create(models.blockwise, sessionOptions(threads, null));
    try {
      return blockwiseIsFastEnough(await medianRunMs(exported, feeds), await medianRunMs(blockwise, feeds));
    } finally {
      await blockwise.release();
    }
  } finally {
    await exported.release();
  }
}

const blockwiseVerdicts = new Map<string, Promise<boolean>>();

/** Whether `MatMulNBits` runs fast here (blockwise-probe.ts): probed once per process and thread setting. */
function blockwiseKernelIsFast(threads: RuntimeThreads): Promise<boolean> {
  const key = `${threads.intraOp}/${threads.interOp}`;
  let verdict = blockwiseVerdicts.get(key);
  if (verdict === undefined) {
    verdict = probeBlockwiseKernel(threads).catch(() => false);
    blockwiseVerdicts.set(key, verdict);
  }
  return verdict;
}

function sessionOptions(
  threads: RuntimeThreads,
  weightsFolder: string | null,
): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads.intraOp,
    interOpNumThreads: threads.interOp,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Unused-initializer notices from exporters are noise; real errors still surface as exceptions.
    logSeverityLevel: 3,
    // Idle intra-op threads otherwise spin for a while after each run, stealing the only other core from the
    // event loop, the gRPC server and any other session.
    extra: {
      session: {
        intra_op: { allow_spinning: '0' },
        // Where a graph loaded from memory finds its external data (the original file itself).
        ...(weightsFolder === null ? {} : { model_external_initializers_file_folder_path: weightsFolder }),
      },
    },
  };
}

export function int64Tensor(values: ArrayLike<number>, dims: number[]): Tensor {
  const data = new BigInt64Array(values.length);
  for (let index = 0; index < values.length; index += 1) data[index] = BigInt(values[index] ?? 0);
  return new ort.Tensor('int64', data, dims);
}

export function floatTensor(values: Float32Array, dims: number[]): Tensor {
  return new ort.Tensor('float32', values, dims);
}

export function boolTensor(value: boolean): Tensor {
  return new ort.Tensor('bool', [value], [1]);
}

export function floatData(tensor: Tensor): Float32Array {
  if (!(tensor.data instanceof Float32Array))
    throw new Error(`expected a float32 tensor, got ${tensor.type}`);
  return tensor.data;
}

/**
 * An empty value for one of the session's inputs, shaped as the session declares it: a symbolic first dimension
 * is the batch (`rows`), any other symbolic one is 0. transformers.js builds the merged decoder's step-0 past the
 * same way, so the head count and head size are the export's own, whatever the configuration's arithmetic says.
 */
export function emptyInput(session: Session, name: string, rows: number): Tensor {
  const metadata = session.inputMetadata.find((input) => input.name === name);
  if (metadata === undefined || !metadata.isTensor || metadata.shape.length === 0)
    throw new Error(`the model declares no tensor shape for its input "${name}"`);
  const dims = metadata.shape.map((size, axis) => (typeof size === 'number' ? size : axis === 0 ? rows : 0));
  if (dims.reduce((a, b) => a * b, 1) !== 0)
    throw new Error(
      `the model's input "${name}" [${metadata.shape.join(', ')}] has no empty length to start from`,
    );
  switch (metadata.type) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(0), dims);
    case 'float16':
      return new ort.Tensor('float16', new Uint16Array(0), dims);
    default:
      throw new Error(
        `the model's input "${name}" is ${metadata.type}; the engine keeps a float32 or float16 cache`,
      );
  }
}
