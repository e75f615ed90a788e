import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
type NodeProto = onnxProto.onnx.INodeProto;

/**
 * The transformers.js `_quantized` exports (onnxruntime's quantize_dynamic) multiply by an int8 weight in five
 * nodes: `DynamicQuantizeLinear` quantizes the activations to uint8 with one scale for the whole tensor,
 * `MatMulInteger` multiplies in integers, a `Cast` and two `Mul`s scale the product back to float. ONNX Runtime
 * fuses them into `DynamicQuantizeMatMul`, whose MLAS kernel is a general matrix product: for the one row of a
 * decoding step it moved the weights of NLLB-600M at 11–22 GB/s on the project's machine, well under the
 * machine's bandwidth, and it is the bulk of every step.
 *
 * `MatMulNBits` (ONNX Runtime's contrib operator for blockwise-quantized weights, 8 bits here) has kernels made for
 * that row (MLAS's `SQNBitGemm`, AVX-512 VNNI / AVX2 / NEON): with the same weights, a step of NLLB-600M takes
 * about a fifth less time. Its weights are laid out per output column ([N, K] where the export has [K, N]), in
 * uint8 with an implicit zero point of 128, one scale per block of K; an export's int8 column with zero point 0
 * and scale s is exactly the column +128 with every block's scale s, so the weights are the same numbers.
 * The activations are then quantized per block of K to int8 instead of once per row to uint8: the results are
 * not the bits of the export's own product. Against the float product of the same weights they are as close on an
 * ordinary row, and closer when a value of the row stands far out (only its block loses precision), as
 * transformer activations' outliers do (`blockwise-products.test.ts` measures both).
 *
 * This finds those products in a graph and rewrites them as `MatMulNBits` (those of the same activations as one,
 * ProductGroup; a bias added right after, by the operator itself) over weights stored elsewhere
 * (blockwise-weights.ts builds them once from the export's own).
 */

/** The largest block that divides K: fewer scales to read, and the fastest of 32–256 measured here. */
const BLOCK_SIZES = [256, 128, 64, 32, 16] as const;
/** Element types as numbers: the decoded tensors and attributes hold them as numbers. */
const FLOAT: number = onnx.TensorProto.DataType.FLOAT;
const INT8: number = onnx.TensorProto.DataType.INT8;
const UINT8: number = onnx.TensorProto.DataType.UINT8;
const MICROSOFT_DOMAIN = 'com.microsoft';

/** One product found: its int8 weight [K, N] and each output column's scale (or one for all). */
export interface QuantizedProduct {
  weight: TensorProto;
  columnScales: Float32Array;
  inputSize: number;
  outputSize: number;
  blockSize: number;
  /** The float activations the `DynamicQuantizeLinear` read, and the value the last `Mul` (or the bias `Add`) made. */
  input: string;
  output: string;
  /** The constant [N] the export adds right after the product (a projection's bias), which MatMulNBits adds itself. */
  bias: Float32Array | null;
  removed: NodeProto[];
  /** The export's initializers of this product: its weight, scales, zero point and bias. */
  initializers: string[];
}

/** Where a rewritten product's weights are: its blocks ([N, K/block, block] uint8) and their scales ([N·K/block]). */
export interface BlockwiseTensors {
  blocks: TensorProto;
  scales: TensorProto;
}

/** A tensor's bytes when they are inside the graph; null when they are external data. */
export function inlineBytes(tensor: TensorProto): Uint8Array | null {
  return tensor.rawData !== null && tensor.rawData !== undefined && tensor.rawData.length > 0
    ? tensor.rawData
    : null;
}

function floatsOf(tensor: TensorProto): Float32Array | null {
  if (tensor.dataType !== FLOAT) return null;
  const raw = inlineBytes(tensor);
  if (raw !== null) return new Float32Array(Uint8Array.from(raw).buffer);
  return tensor.floatData !== null && tensor.floatData !== undefined && tensor.floatData.length > 0
    ? Float32Array.from(tensor.floatData)
    : null;
}

/** A tensor's bytes stored outside the graph (external data), read by the caller; null when they cannot be. */
export type ExternalBytes = (tensor: TensorProto) => Uint8Array | null;

function allZeroInt8(tensor: TensorProto, external: ExternalBytes): boolean {
  if (tensor.dataType !== INT8) return false;
  // An LM head's zero points (one per word of a 256k vocabulary) are large enough to be mapped from the file.
  const raw =
    inlineBytes(tensor) ??
    (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL ? external(tensor) : null);
  if (raw !== null) return raw.length > 0 && raw.every((byte) => byte === 0);
  const values = tensor.int32Data ?? [];
  return values.length > 0 && values.every((value) => value === 0);
}

function elementCount(tensor: TensorProto): number {
  return (tensor.dims ?? []).reduce<number>((product, dim) => product * Number(dim), 1);
}

class GraphIndex {
  readonly producer = new Map<string, NodeProto>();
  readonly consumers = new Map<string, NodeProto[]>();
  readonly initializers = new Map<string, TensorProto>();
  readonly outputs: Set<string>;

  constructor(graph: onnxProto.onnx.IGraphProto) {
    for (const tensor of graph.initializer ?? []) if (tensor.name) this.initializers.set(tensor.name, tensor);
    for (const node of graph.node ?? []) {
      for (const output of node.output ?? []) this.producer.set(output, node);
      for (const input of node.input ?? []) {
        if (input === '') continue;
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
    this.outputs = new Set((graph.output ?? []).map((output) => output.name ?? ''));
  }

  /** The one node reading `value`, when it is read once and is not a graph output. */
  soleConsumer(value: string | undefined): NodeProto | null {
    if (value === undefined || this.outputs.has(value)) return null;
    const readers = this.consumers.get(value) ?? [];
    return readers.length === 1 ? (readers[0] ?? null) : null;
  }
}

/** The product computed from the `MatMulInteger` `product`, or null when the nodes around it are not that form. */
function matchProduct(
  index: GraphIndex,
  product: NodeProto,
  external: ExternalBytes,
): QuantizedProduct | null {
  const [quantized, weightName, inputZeroPoint, weightZeroPoint] = product.input ?? [];
  const weight = weightName === undefined ? undefined : index.initializers.get(weightName);
  if (weight === undefined || weight.dataType !== INT8 || weight.dims?.length !== 2) return null;
  const zeroPoint = weightZeroPoint === undefined ? undefined : index.initializers.get(weightZeroPoint);
  if (
    weightZeroPoint !== undefined &&
    weightZeroPoint !== '' &&
    (zeroPoint === undefined || !allZeroInt8(zeroPoint, external))
  )
    return null;
  const quantize = quantized === undefined ? undefined : index.producer.get(quantized);
  if (quantize?.opType !== 'DynamicQuantizeLinear') return null;
  const [quantizedOut, inputScale, quantizedZeroPoint] = quantize.output ?? [];
  if (quantizedOut !== quantized || quantizedZeroPoint !== inputZeroPoint) return null;
  const cast = index.soleConsumer(product.output?.[0]);
  // protobufjs reads an int64 as a Long: compared as a number.
  if (cast?.opType !== 'Cast' || Number(cast.attribute?.find((a) => a.name === 'to')?.i) !== FLOAT)
    return null;
  const rescale = index.soleConsumer(cast.output?.[0]);
  if (rescale?.opType !== 'Mul' || rescale.input?.length !== 2) return null;
  const scaleProduct = rescale.input.find((input) => input !== cast.output?.[0]);
  const scales = scaleProduct === undefined ? undefined : index.producer.get(scaleProduct);
  if (scales?.opType !== 'Mul' || !scales.input?.includes(inputScale ?? '')) return null;
  const columnScaleName = scales.input.find((input) => input !== inputScale);
  const columnScaleTensor =
    columnScaleName === undefined ? undefined : index.initializers.get(columnScaleName);
  const columnScales = columnScaleTensor === undefined ? null : floatsOf(columnScaleTensor);
  const [inputSize = 0, outputSize = 0] = (weight.dims ?? []).map(Number);
  if (columnScales === null || (columnScales.length !== 1 && columnScales.length !== outputSize)) return null;
  if (elementCount(weight) !== inputSize * outputSize) return null;
  const blockSize = BLOCK_SIZES.find((size) => inputSize % size === 0);
  const input = quantize.input?.[0];
  const scaled = rescale.output?.[0];
  if (blockSize === undefined || input === undefined || scaled === undefined) return null;
  const bias = matchBias(index, scaled, outputSize);
  return {
    weight,
    columnScales,
    inputSize,
    outputSize,
    blockSize,
    input,
    output: bias?.output ?? scaled,
    bias: bias?.values ?? null,
    removed: [product, cast, rescale, ...(bias === null ? [] : [bias.node])],
    initializers: [weightName ?? '', columnScaleName ?? '', weightZeroPoint ?? '', bias?.name ?? ''].filter(
      (name) => name !== '',
    ),
  };
}

/** The `Add` of a constant [N] that alone reads the product `scaled`, when there is one. */
function matchBias(
  index: GraphIndex,
  scaled: string,
  outputSize: number,
): { node: NodeProto; name: string; values: Float32Array; output: string } | null {
  const add = index.soleConsumer(scaled);
  if (add?.opType !== 'Add' || add.input?.length !== 2) return null;
  const name = add.input.find((input) => input !== scaled);
  const tensor = name === undefined ? undefined : index.initializers.get(name);
  const values = tensor === undefined || tensor.dims?.length !== 1 ? null : floatsOf(tensor);
  const output = add.output?.[0];
  if (name === undefined || values?.length !== outputSize || output === undefined) return null;
  return { node: add, name, values, output };
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/**
 * Every product of the form above in the model's main graph, in graph order (`external` reads zero points kept
 * outside the graph; without it, such a product is left as exported). None in a graph with subgraphs (an
 * `If`, a `Loop`): a value read only inside one would look unread here, and the rewrite would drop it.
 */
export function findQuantizedProducts(
  model: ModelProto,
  external: ExternalBytes = () => null,
): QuantizedProduct[] {
  const graph = model.graph;
  if (graph === null || graph === undefined) return [];
  const hasSubgraphs = (graph.node ?? []).some((node) =>
    (node.attribute ?? []).some((attribute) => attribute.g !== null && attribute.g !== undefined),
  );
  if (hasSubgraphs) return [];
  const index = new GraphIndex(graph);
  const found: QuantizedProduct[] = [];
  for (const node of graph.node ?? []) {
    if (node.opType !== 'MatMulInteger' || (node.domain ?? '') !== '') continue;
    const product = matchProduct(index, node, external);
    if (product !== null) found.push(product);
  }
  return found;
}

/**
 * Products of the same activations (a layer's query, key and value projections; every layer's cross-attention
 * keys and values of the encoder's output), run as one: one kernel call reads their weights side by side, and a
 * `Split` hands each its columns. On the project's machine three calls over 1 MB each took 150–200 µs where one
 * over 3 MB took 115–135 µs.
 */
export interface ProductGroup {
  products: QuantizedProduct[];
  input: string;
  inputSize: number;
  blockSize: number;
  /** The products' output columns together. */
  outputSize: number;
}

/** `products` grouped by the activations they read (and their K and block), in the graph order of each first. */
export function groupProducts(products: readonly QuantizedProduct[]): ProductGroup[] {
  const groups = new Map<string, ProductGroup>();
  for (const product of products) {
    const key = `${product.input}\u0000${product.inputSize}\u0000${product.blockSize}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        products: [product],
        input: product.input,
        inputSize: product.inputSize,
        blockSize: product.blockSize,
        outputSize: product.outputSize,
      });
    } else {
      group.products.push(product);
      group.outputSize += product.outputSize;
    }
  }
  return [...groups.values()];
}

function intAttribute(name: string, value: number): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

/** The names a group's rewritten weights get: derived from the export's weights, so the same on every load. */
export function blockwiseNames(group: ProductGroup): { blocks: string; scales: string } {
  const base = group.products.map((product) => product.weight.name ?? 'weight').join('+');
  return { blocks: `${base}/meeshy.blocks`, scales: `${base}/meeshy.block_scales` };
}

/** The blocks and scales tensors' dims for `group`. */
export function blockwiseDims(group: ProductGroup): { blocks: number[]; scales: number[] } {
  const blockCount = group.inputSize / group.blockSize;
  return {
    blocks: [group.outputSize, blockCount, group.blockSize],
    scales: [group.outputSize * blockCount],
  };
}

/** The group's biases side by side (zeros for a product without one), or null when none has one. */
function groupBias(group: ProductGroup): Float32Array | null {
  if (group.products.every((product) => product.bias === null)) return null;
  const values = new Float32Array(group.outputSize);
  let column = 0;
  for (const product of group.products) {
    if (product.bias !== null) values.set(product.bias, column);
    column += product.outputSize;
  }
  return values;
}

/** The version of the default ONNX domain the model imports (Split takes its sizes as an input from 13). */
function defaultOpset(model: ModelProto): number {
  const found = model.opsetImport.find((opset) => (opset.domain ?? '') === '' || opset.domain === 'ai.onnx');
  return Number(found?.version ?? 1);
}

export function blockwiseTensorTypes(): { blocks: number; scales: number } {
  return { blocks: UINT8, scales: FLOAT };
}

/**
 * The model with each group of products as one `MatMulNBits` over `tensors[i]` (and a `Split` into the products'
 * outputs when there are several), placed where the group's first `MatMulInteger` was: its input is ready there,
 * and every reader of its outputs comes later, so the graph stays in order. A `DynamicQuantizeLinear` or scale
 * `Mul` no other node reads any more goes too.
 */
export function rewriteProducts(
  model: ModelProto,
  groups: readonly ProductGroup[],
  tensors: readonly BlockwiseTensors[],
): Uint8Array {
  const graph = model.graph;
  if (graph === null || graph === undefined) throw new Error('the model has no graph');
  const replacement = new Map<NodeProto, NodeProto[]>();
  const removed = new Set<NodeProto>();
  const added: TensorProto[] = [];
  const opset = defaultOpset(model);
  groups.forEach((group, position) => {
    const placed = tensors[position];
    const first = group.products[0]?.removed[0];
    if (placed === undefined || first === undefined)
      throw new Error(`no blockwise weights for ${blockwiseNames(group).blocks}`);
    const outputs = group.products.map((product) => product.output);
    const name = `${first.name ?? outputs[0] ?? 'product'}/meeshy.blockwise`;
    const product = outputs.length === 1 ? (outputs[0] ?? '') : `${name}:0`;
    const bias = groupBias(group);
    const biasName = `${name}/bias`;
    if (bias !== null)
      added.push({
        name: biasName,
        dims: [bias.length],
        dataType: FLOAT,
        rawData: new Uint8Array(bias.buffer),
      });
    const nodes: NodeProto[] = [
      {
        name,
        opType: 'MatMulNBits',
        domain: MICROSOFT_DOMAIN,
        // Inputs 3 and 4 (zero points, g_idx) absent: the implicit zero point 128, blocks in order.
        input: [
          group.input,
          placed.blocks.name ?? '',
          placed.scales.name ?? '',
          ...(bias === null ? [] : ['', '', biasName]),
        ],
        output: [product],
        attribute: [
          intAttribute('K', group.inputSize),
          intAttribute('N', group.outputSize),
          intAttribute('bits', 8),
          intAttribute('block_size', group.blockSize),
          // Int8 activations per block against the int8 weights: the VNNI/AVX2/NEON integer kernels.
          intAttribute('accuracy_level', 4),
        ],
      },
    ];
    if (outputs.length > 1) {
      const sizes = group.products.map((member) => member.outputSize);
      const split: NodeProto = { name: `${name}/split`, opType: 'Split', input: [product], output: outputs };
      if (opset >= 13) {
        const sizesName = `${name}/split_sizes`;
        added.push({
          name: sizesName,
          dims: [sizes.length],
          dataType: onnx.TensorProto.DataType.INT64,
          rawData: new Uint8Array(BigInt64Array.from(sizes.map(BigInt)).buffer),
        });
        split.input = [product, sizesName];
        split.attribute = [intAttribute('axis', -1)];
      } else {
        split.attribute = [
          intAttribute('axis', -1),
          { name: 'split', type: onnx.AttributeProto.AttributeType.INTS, ints: sizes },
        ];
      }
      nodes.push(split);
    }
    replacement.set(first, nodes);
    for (const member of group.products) for (const node of member.removed) removed.add(node);
  });
  const kept: NodeProto[] = [];
  for (const node of graph.node ?? []) {
    const instead = replacement.get(node);
    if (instead !== undefined) kept.push(...instead);
    else if (!removed.has(node)) kept.push(node);
  }
  graph.node = withoutUnreadNodes(kept, new Set((graph.output ?? []).map((output) => output.name ?? '')));
  // The export's int8 weights and scales of the rewritten products are read by nothing now: ONNX Runtime would
  // still load them.
  const read = new Set(graph.node.flatMap((node) => node.input ?? []));
  for (const input of graph.input ?? []) read.add(input.name ?? '');
  const replaced = new Set(
    groups.flatMap((group) => group.products.flatMap((product) => product.initializers)),
  );
  graph.initializer = [
    ...(graph.initializer ?? []).filter(
      (tensor) => !replaced.has(tensor.name ?? '') || read.has(tensor.name ?? ''),
    ),
    ...tensors.flatMap((placed) => [placed.blocks, placed.scales]),
    ...added,
  ];
  const imports = model.opsetImport;
  if (!imports.some((opset) => opset.domain === MICROSOFT_DOMAIN))
    model.opsetImport = [...imports, { domain: MICROSOFT_DOMAIN, version: 1 }];
  return onnx.ModelProto.encode(model).finish();
}

/** The quantize and scale nodes the rewritten products no longer read (nothing else of the export's is dropped). */
function withoutUnreadNodes(nodes: NodeProto[], graphOutputs: ReadonlySet<string>): NodeProto[] {
  let current = nodes;
  for (;;) {
    const read = new Set(current.flatMap((node) => node.input ?? []));
    const next = current.filter(
      (node) =>
        !(node.opType === 'DynamicQuantizeLinear' || node.opType === 'Mul') ||
        (node.output ?? []).some((output) => read.has(output) || graphOutputs.has(output)),
    );
    if (next.length === current.length) return next;
    current = next;
  }
}
