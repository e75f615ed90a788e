import { lengthField, stringField, varintField } from './protobuf-wire.ts';
import {
  ATTRIBUTE_INT,
  ATTRIBUTE_NAME,
  ATTRIBUTE_TYPE,
  ATTRIBUTE_TYPE_INT,
  GRAPH_INITIALIZER,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  NODE_ATTRIBUTE,
  NODE_INPUT,
  NODE_OP_TYPE,
  NODE_OUTPUT,
  TENSOR_DATA_TYPE,
  TENSOR_DIMS,
  TENSOR_NAME,
  TENSOR_RAW_DATA,
  TENSOR_TYPE_ELEMENT,
  TYPE_TENSOR,
  VALUE_INFO_NAME,
  VALUE_INFO_TYPE,
} from './onnx-fields.ts';

/**
 * A greedy step needs, per row, the best token that is not banned and its log-probability; fetching the whole
 * row of logits for that (NLLB: 256k floats, 1 MB a row) and scanning it in JavaScript cost about 4 ms a row on
 * the project's machine, on the main thread. These nodes, added to the decoder's steps graph over its `logits`
 * ([rows, 1, vocab]), give each row's best `GREEDY_CANDIDATES` tokens (ONNX `TopK`, sorted, equal values by lower
 * index: the first of equals, as the JavaScript pick) and their log-softmax (MLAS's vectorized `LogSoftmax`,
 * gathered at those tokens): about 0.4 ms a row. A step that fetches only these outputs still computes the
 * logits but does not copy them out. A row whose banned tokens could fill every candidate fetches the logits.
 */

export const GREEDY_TOKENS = 'meeshy.greedy_candidates/tokens';
export const GREEDY_LOG_PROBS = 'meeshy.greedy_candidates/log_probs';
/** More than the tokens a row normally bans at once (the few that would repeat an n-gram). */
export const GREEDY_CANDIDATES = 16;

const LOGITS = 'logits';
const COUNT = 'meeshy.greedy_candidates/count';
const VALUES = 'meeshy.greedy_candidates/values';
const LOG_SOFTMAX = 'meeshy.greedy_candidates/log_softmax';
/** The vocabulary axis of [rows, 1, vocab] (a positive axis: a negative one would need a ten-byte varint). */
const VOCABULARY_AXIS = 2;
/** TopK with `k` as an input and GatherElements exist from opset 11; LogSoftmax over the last of three axes is
 * the same before opset 13 (which coerced to [rows, vocab]) and after. */
const MIN_OPSET = 11;

const FLOAT = 1;
const INT64 = 7;

function node(opType: string, inputs: string[], outputs: string[], axis: number): Buffer {
  const attribute = Buffer.concat([
    stringField(ATTRIBUTE_NAME, 'axis'),
    varintField(ATTRIBUTE_INT, axis),
    varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT),
  ]);
  return lengthField(
    GRAPH_NODE,
    Buffer.concat([
      ...inputs.map((name) => stringField(NODE_INPUT, name)),
      ...outputs.map((name) => stringField(NODE_OUTPUT, name)),
      stringField(NODE_OP_TYPE, opType),
      lengthField(NODE_ATTRIBUTE, attribute),
    ]),
  );
}

function output(name: string, elementType: number): Buffer {
  const tensorType = lengthField(TYPE_TENSOR, varintField(TENSOR_TYPE_ELEMENT, elementType));
  return lengthField(
    GRAPH_OUTPUT,
    Buffer.concat([stringField(VALUE_INFO_NAME, name), lengthField(VALUE_INFO_TYPE, tensorType)]),
  );
}

function countInitializer(): Buffer {
  const count = Buffer.alloc(8);
  count.writeBigInt64LE(BigInt(GREEDY_CANDIDATES));
  return lengthField(
    GRAPH_INITIALIZER,
    Buffer.concat([
      varintField(TENSOR_DIMS, 1),
      varintField(TENSOR_DATA_TYPE, INT64),
      stringField(TENSOR_NAME, COUNT),
      lengthField(TENSOR_RAW_DATA, count),
    ]),
  );
}

/**
 * The graph fields (nodes, their constant, two outputs) to append to a steps graph that outputs `logits`, or
 * null when the model's opset is too old or a name is taken (the engine then keeps fetching the logits).
 */
export function greedyCandidateFields(opset: number, namesInUse: ReadonlySet<string>): Buffer[] | null {
  if (opset < MIN_OPSET || !namesInUse.has(LOGITS)) return null;
  const added = [COUNT, VALUES, LOG_SOFTMAX, GREEDY_TOKENS, GREEDY_LOG_PROBS];
  if (added.some((name) => namesInUse.has(name))) return null;
  return [
    countInitializer(),
    node('TopK', [LOGITS, COUNT], [VALUES, GREEDY_TOKENS], VOCABULARY_AXIS),
    node('LogSoftmax', [LOGITS], [LOG_SOFTMAX], VOCABULARY_AXIS),
    node('GatherElements', [LOG_SOFTMAX, GREEDY_TOKENS], [GREEDY_LOG_PROBS], VOCABULARY_AXIS),
    output(GREEDY_TOKENS, INT64),
    output(GREEDY_LOG_PROBS, FLOAT),
  ];
}
