import { greedyCandidateFields } from './greedy-candidates.ts';
import {
  lengthField,
  stringField,
  WIRE_32BIT,
  WIRE_64BIT,
  WIRE_LENGTH,
  WIRE_VARINT,
} from './protobuf-wire.ts';
import {
  ATTRIBUTE_GRAPH,
  ATTRIBUTE_NAME,
  GRAPH_INITIALIZER,
  GRAPH_INPUT,
  GRAPH_NAME,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  GRAPH_SPARSE_INITIALIZER,
  MODEL_GRAPH,
  MODEL_OPSET_IMPORT,
  NODE_ATTRIBUTE,
  NODE_INPUT,
  NODE_OP_TYPE,
  NODE_OUTPUT,
  OPSET_DOMAIN,
  OPSET_VERSION,
  TENSOR_NAME,
  VALUE_INFO_NAME,
} from './onnx-fields.ts';

/**
 * Optimum's merged decoder (`decoder_model_merged`) is one `If` node on `use_cache_branch`: its `then_branch` is a
 * cached step, its `else_branch` the first step, both reading the weights of the outer graph. Running every step
 * through the `If` costs ONNX Runtime a subgraph execution (its outputs copied out, its bookkeeping) on top of the
 * branch: about 0.6 ms of a 19 ms cached step of NLLB-600M on the project's machine.
 *
 * This splits such a model, in memory and without touching a weight, into two models over the same weights:
 * - `steps`: the cached branch alone as a plain graph. It serves the first step too, fed an empty self-attention
 *   past: with no past its self-attention is the first step's (the same kernels on the same values, so the same
 *   bits; `merged-decoder-split.test.ts` checks it against the merged model);
 * - `crossAttention`: the first branch's cross-attention key/value projections of `encoder_hidden_states` (the
 *   `present.*.encoder.*` outputs the cached branch reads back as its past), run once per translation.
 * The outputs keep the merged model's names; the steps graph drops the cross-attention presents, which the
 * cached branch only passes through, and add the greedy pick's candidates (greedy-candidates.ts). Anything else (no `If`, other outer nodes, sparse initializers) is left to
 * the merged path: null.
 */

const CACHE_FLAG = 'use_cache_branch';
const ENCODER_PRESENT = /^present\.\d+\.encoder\./;

interface Field {
  number: number;
  wire: number;
  /** The whole field, tag included. */
  bytes: Uint8Array;
  /** A length-delimited field's value. */
  value: Uint8Array;
}

function readVarint(buffer: Uint8Array, position: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let index = position; index < buffer.length && index < position + 10; index += 1) {
    const byte = buffer[index] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: index + 1 };
  }
  throw new Error(`a malformed varint at ${position}`);
}

function* fields(message: Uint8Array): Generator<Field> {
  let position = 0;
  while (position < message.length) {
    const tag = readVarint(message, position);
    const wire = tag.value % 8;
    let valueStart = tag.next;
    let end: number;
    if (wire === WIRE_VARINT) end = readVarint(message, tag.next).next;
    else if (wire === WIRE_64BIT) end = tag.next + 8;
    else if (wire === WIRE_32BIT) end = tag.next + 4;
    else if (wire === WIRE_LENGTH) {
      const length = readVarint(message, tag.next);
      valueStart = length.next;
      end = length.next + length.value;
    } else throw new Error(`unsupported protobuf wire type ${wire} at ${position}`);
    if (end > message.length) throw new Error(`a protobuf field runs past its message at ${position}`);
    yield {
      number: Math.floor(tag.value / 8),
      wire,
      bytes: message.subarray(position, end),
      value: message.subarray(valueStart, end),
    };
    position = end;
  }
}

const text = (value: Uint8Array) => Buffer.from(value).toString('utf8');

/** The first string of `number` in `message`, '' when absent. */
function stringOf(message: Uint8Array, number: number): string {
  for (const field of fields(message))
    if (field.number === number && field.wire === WIRE_LENGTH) return text(field.value);
  return '';
}

/** The version of the default ONNX operator set the model imports (0 when it names none). */
function defaultOpset(modelFields: readonly Field[]): number {
  for (const field of modelFields) {
    if (field.number !== MODEL_OPSET_IMPORT || field.wire !== WIRE_LENGTH) continue;
    let domain = '';
    let version = 0;
    for (const part of fields(field.value)) {
      if (part.number === OPSET_DOMAIN && part.wire === WIRE_LENGTH) domain = text(part.value);
      if (part.number === OPSET_VERSION && part.wire === WIRE_VARINT)
        version = readVarint(part.value, 0).value;
    }
    if (domain === '' || domain === 'ai.onnx') return version;
  }
  return 0;
}

interface Node {
  fields: Field[];
  opType: string;
  inputs: string[];
  outputs: string[];
  /** Graph-valued attributes by name (an `If`'s branches). */
  graphs: Map<string, Uint8Array>;
}

function parseNode(message: Uint8Array): Node {
  const node: Node = { fields: [], opType: '', inputs: [], outputs: [], graphs: new Map() };
  for (const field of fields(message)) {
    node.fields.push(field);
    if (field.wire !== WIRE_LENGTH) continue;
    if (field.number === NODE_INPUT) node.inputs.push(text(field.value));
    else if (field.number === NODE_OUTPUT) node.outputs.push(text(field.value));
    else if (field.number === NODE_OP_TYPE) node.opType = text(field.value);
    else if (field.number === NODE_ATTRIBUTE) {
      let name = '';
      let graph: Uint8Array | null = null;
      for (const part of fields(field.value)) {
        if (part.number === ATTRIBUTE_NAME && part.wire === WIRE_LENGTH) name = text(part.value);
        if (part.number === ATTRIBUTE_GRAPH && part.wire === WIRE_LENGTH) graph = part.value;
      }
      if (graph !== null) node.graphs.set(name, graph);
    }
  }
  return node;
}

/** The node re-encoded with its tensor names renamed; every other field as it was. */
function encodeNode(node: Node, rename: ReadonlyMap<string, string>): Buffer {
  const parts = node.fields.map((field) =>
    field.wire === WIRE_LENGTH && (field.number === NODE_INPUT || field.number === NODE_OUTPUT)
      ? stringField(field.number, rename.get(text(field.value)) ?? text(field.value))
      : field.bytes,
  );
  return Buffer.concat(parts);
}

interface Graph {
  name: Uint8Array | null;
  nodes: Node[];
  /** Initializers by name, as their encoded TensorProto. */
  initializers: Map<string, Uint8Array>;
  inputs: Map<string, Uint8Array>;
  outputs: { name: string; info: Uint8Array }[];
  sparse: boolean;
}

function parseGraph(message: Uint8Array): Graph {
  const graph: Graph = {
    name: null,
    nodes: [],
    initializers: new Map(),
    inputs: new Map(),
    outputs: [],
    sparse: false,
  };
  for (const field of fields(message)) {
    if (field.wire !== WIRE_LENGTH) continue;
    if (field.number === GRAPH_NODE) graph.nodes.push(parseNode(field.value));
    else if (field.number === GRAPH_NAME) graph.name = field.value;
    else if (field.number === GRAPH_INITIALIZER)
      graph.initializers.set(stringOf(field.value, TENSOR_NAME), field.value);
    else if (field.number === GRAPH_INPUT)
      graph.inputs.set(stringOf(field.value, VALUE_INFO_NAME), field.value);
    else if (field.number === GRAPH_OUTPUT)
      graph.outputs.push({ name: stringOf(field.value, VALUE_INFO_NAME), info: field.value });
    else if (field.number === GRAPH_SPARSE_INITIALIZER) graph.sparse = true;
  }
  return graph;
}

/** The nodes `wanted` depends on, in their order. */
function nodesProducing(nodes: readonly Node[], wanted: readonly string[]): Node[] {
  const producer = new Map<string, Node>();
  for (const node of nodes) for (const output of node.outputs) producer.set(output, node);
  const kept = new Set<Node>();
  const pending = [...wanted];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const node = producer.get(name);
    if (node === undefined || kept.has(node)) continue;
    kept.add(node);
    pending.push(...node.inputs.filter((input) => input !== ''));
  }
  return nodes.filter((node) => kept.has(node));
}

/**
 * `nodes` without the Identity nodes that only copy a value computed among them into an output (`rename`'s keys):
 * the value is renamed to the output instead (`rename` is updated), the same bits with no copy. An exporter ends
 * a branch with such copies; ONNX Runtime keeps an Identity that makes a graph output (it cannot rename one), and
 * on NLLB-600M the cached step's 25 of them (the logits, 1 MB, and the self-attention presents) took 0.27 ms.
 */
function withoutOutputCopies(nodes: readonly Node[], rename: Map<string, string>): Node[] {
  const made = new Set(nodes.flatMap((node) => node.outputs));
  const copied = new Map<string, number>();
  for (const node of nodes)
    if (node.opType === 'Identity' && node.inputs[0] !== undefined)
      copied.set(node.inputs[0], (copied.get(node.inputs[0]) ?? 0) + 1);
  const dropped = new Set<Node>();
  for (const node of nodes) {
    const [source] = node.inputs;
    const [output] = node.outputs;
    const target = output === undefined ? undefined : rename.get(output);
    if (node.opType !== 'Identity' || source === undefined || output === undefined || target === undefined)
      continue;
    // Only a value made here (not an initializer or an input), copied once, and not itself an output.
    if (!made.has(source) || copied.get(source) !== 1 || rename.has(source)) continue;
    rename.delete(output);
    rename.set(source, target);
    dropped.add(node);
  }
  return nodes.filter((node) => !dropped.has(node));
}

/**
 * A model whose graph is `branch`'s nodes computing the `If` outputs at `kept` (named as the `If` names them),
 * with the outer graph's inputs and the initializers of either scope that those nodes read.
 */
function branchModel(
  modelFields: readonly Field[],
  outer: Graph,
  ifNode: Node,
  branch: Graph,
  kept: readonly number[],
  declare: 'every input' | 'inputs read',
  withGreedyCandidates = false,
): Buffer | null {
  const rename = new Map<string, string>();
  for (const index of kept) {
    const inner = branch.outputs[index]?.name;
    const outerName = ifNode.outputs[index];
    if (inner === undefined || outerName === undefined) return null;
    rename.set(inner, outerName);
  }
  const nodes = withoutOutputCopies(nodesProducing(branch.nodes, [...rename.keys()]), rename);
  // An output the branch passes through from outside (no node of its own makes it) cannot simply be renamed.
  const made = new Set(nodes.flatMap((node) => node.outputs));
  if ([...rename.keys()].some((name) => !made.has(name))) return null;
  const read = new Set(nodes.flatMap((node) => node.inputs));
  const graph: Buffer[] = [];
  if (outer.name !== null) graph.push(lengthField(GRAPH_NAME, outer.name));
  for (const node of nodes) graph.push(lengthField(GRAPH_NODE, encodeNode(node, rename)));
  for (const scope of [outer.initializers, branch.initializers])
    for (const [name, tensor] of scope)
      if (read.has(name)) graph.push(lengthField(GRAPH_INITIALIZER, tensor));
  for (const [name, info] of outer.inputs)
    if (declare === 'every input' ? name !== CACHE_FLAG : read.has(name))
      graph.push(lengthField(GRAPH_INPUT, info));
  for (const index of kept) {
    const output = outer.outputs.find((candidate) => candidate.name === ifNode.outputs[index]);
    if (output === undefined) return null;
    graph.push(lengthField(GRAPH_OUTPUT, output.info));
  }
  if (withGreedyCandidates) {
    const namesInUse = new Set([
      ...nodes.flatMap((node) => node.outputs.map((name) => rename.get(name) ?? name)),
      ...outer.initializers.keys(),
      ...branch.initializers.keys(),
      ...outer.inputs.keys(),
    ]);
    graph.push(...(greedyCandidateFields(defaultOpset(modelFields), namesInUse) ?? []));
  }
  const model = modelFields.map((field) =>
    field.number === MODEL_GRAPH && field.wire === WIRE_LENGTH
      ? lengthField(MODEL_GRAPH, Buffer.concat(graph))
      : field.bytes,
  );
  return Buffer.concat(model);
}

export interface SplitMergedDecoder {
  /** The cached branch as a plain graph: every step, the first fed an empty self-attention past. */
  steps: Uint8Array;
  /** `encoder_hidden_states` → the `present.*.encoder.*` the steps read as their cross-attention past. */
  crossAttention: Uint8Array;
}

/** `model` (an encoded ModelProto) split as above, or null when it is not a merged decoder of that form. */
export function splitMergedDecoder(model: Uint8Array): SplitMergedDecoder | null {
  const modelFields = [...fields(model)];
  const graphField = modelFields.find((field) => field.number === MODEL_GRAPH && field.wire === WIRE_LENGTH);
  if (graphField === undefined) return null;
  const outer = parseGraph(graphField.value);
  const ifNode = outer.nodes[0];
  if (outer.sparse || outer.nodes.length !== 1 || ifNode === undefined || ifNode.opType !== 'If') return null;
  if (ifNode.inputs[0] !== CACHE_FLAG) return null;
  const cachedGraph = ifNode.graphs.get('then_branch');
  const firstGraph = ifNode.graphs.get('else_branch');
  if (cachedGraph === undefined || firstGraph === undefined) return null;
  const cached = parseGraph(cachedGraph);
  const first = parseGraph(firstGraph);
  if (cached.sparse || first.sparse) return null;
  const outputs = ifNode.outputs.map((name, index) => ({ name, index }));
  const encoderPresents = outputs.filter(({ name }) => ENCODER_PRESENT.test(name)).map(({ index }) => index);
  const stepOutputs = outputs.filter(({ name }) => !ENCODER_PRESENT.test(name)).map(({ index }) => index);
  if (encoderPresents.length === 0 || !ifNode.outputs.includes('logits')) return null;
  // The steps declare what the merged model declares (the engine names an input it cannot fill, read or not).
  const steps = branchModel(modelFields, outer, ifNode, cached, stepOutputs, 'every input', true);
  const crossAttention = branchModel(modelFields, outer, ifNode, first, encoderPresents, 'inputs read');
  return steps === null || crossAttention === null ? null : { steps, crossAttention };
}
