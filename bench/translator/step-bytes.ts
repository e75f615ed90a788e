import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/** Bytes per element of the ONNX element types weights come in. */
const ELEMENT_BYTES: Record<number, number> = {
  1: 4, // float
  2: 1, // uint8
  3: 1, // int8
  5: 2, // int16
  6: 4, // int32
  7: 8, // int64
  9: 1, // bool
  10: 2, // float16
  11: 8, // double
  16: 2, // bfloat16
};

function tensorBytes(tensor: TensorProto): number {
  const external = tensor.externalData?.find((entry) => entry.key === 'length')?.value;
  if (external !== undefined && external !== null) return Number(external);
  if (tensor.rawData !== null && tensor.rawData !== undefined && tensor.rawData.length > 0)
    return tensor.rawData.length;
  const elements = (tensor.dims ?? []).reduce<number>((product, size) => product * Number(size), 1);
  return elements * (ELEMENT_BYTES[tensor.dataType ?? 1] ?? 4);
}

export interface StepWeights {
  /** Bytes of the initializers one cached decoding step reads in full. */
  bytes: number;
  /** Initializers the step only gathers rows from (embeddings): a few rows a step, not counted. */
  gatheredOnly: string[];
  /** Initializers of the file the cached step does not touch (the cross-attention key/value projections). */
  unreadBytes: number;
}

/**
 * What one cached decoding step must stream from memory: every initializer a node of the cached path reads,
 * except tables it only gathers rows from. In a merged decoder (Optimum's `If` on `use_cache_branch`) the cached
 * path is the outer graph plus the `then_branch`; the other branch, which alone reads the encoder output through
 * the cross-attention key/value projections, runs once per translation. Read from the model file's own graph,
 * so the floor follows whatever export is measured.
 */
export function cachedStepWeights(model: onnxProto.onnx.IModelProto): StepWeights {
  const graph = model.graph ?? {};
  const sizes = new Map((graph.initializer ?? []).map((tensor) => [tensor.name ?? '', tensorBytes(tensor)]));
  const read = new Set<string>();
  const gathered = new Set<string>();
  const visit = (current: GraphProto) => {
    for (const node of current.node ?? []) {
      (node.input ?? []).forEach((input, index) => {
        if (!sizes.has(input)) return;
        if (node.opType === 'Gather' && index === 0) gathered.add(input);
        else read.add(input);
      });
      if (node.opType === 'If') {
        const cached = node.attribute?.find((attribute) => attribute.name === 'then_branch')?.g;
        if (cached) visit(cached);
        continue;
      }
      for (const attribute of node.attribute ?? []) if (attribute.g) visit(attribute.g);
    }
  };
  visit(graph);
  let bytes = 0;
  for (const name of read) bytes += sizes.get(name) ?? 0;
  let total = 0;
  for (const size of sizes.values()) total += size;
  const gatheredOnly = [...gathered].filter((name) => !read.has(name));
  const gatheredBytes = gatheredOnly.reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0);
  return { bytes, gatheredOnly, unreadBytes: total - bytes - gatheredBytes };
}

export async function cachedStepWeightsOfFile(path: string): Promise<StepWeights> {
  return cachedStepWeights(onnx.ModelProto.decode(await readFile(path)));
}
