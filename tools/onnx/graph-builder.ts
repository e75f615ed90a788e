import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

export const ElementType = onnx.TensorProto.DataType;
export type ElementTypeValue = onnxProto.onnx.TensorProto.DataType;

/** A dimension is either fixed or named (symbolic), as in real exports ("batch_size", "encoder_sequence_length"). */
export type Dimension = number | string;

export type AttributeValue = number | number[] | GraphProto | { float: number } | TensorProto;

/** The ONNX opset the fixtures target: new enough for axes-as-input ops, old enough for any recent runtime. */
export const OPSET_VERSION = 17;

export function valueInfo(
  name: string,
  elemType: ElementTypeValue,
  shape: Dimension[] | null,
): ValueInfoProto {
  const tensorType: onnxProto.onnx.TypeProto.ITensor = { elemType };
  if (shape !== null) {
    tensorType.shape = {
      dim: shape.map((dimension) =>
        typeof dimension === 'number' ? { dimValue: dimension } : { dimParam: dimension },
      ),
    };
  }
  return { name, type: { tensorType } };
}

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: types.INT, i: value };
  if (Array.isArray(value)) return { name, type: types.INTS, ints: value };
  if ('float' in value) return { name, type: types.FLOAT, f: value.float };
  if ('node' in value) return { name, type: types.GRAPH, g: value };
  return { name, type: types.TENSOR, t: value };
}

export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return {
    name,
    dims,
    dataType: ElementType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

export function int64Tensor(name: string, dims: number[], values: number[]): TensorProto {
  const data = BigInt64Array.from(values.map((value) => BigInt(value)));
  return { name, dims, dataType: ElementType.INT64, rawData: new Uint8Array(data.buffer) };
}

export function uint8Tensor(name: string, dims: number[], values: Uint8Array): TensorProto {
  return { name, dims, dataType: ElementType.UINT8, rawData: values };
}

export function int8Tensor(name: string, dims: number[], values: Int8Array): TensorProto {
  return {
    name,
    dims,
    dataType: ElementType.INT8,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/**
 * Accumulates the nodes and initializers of one ONNX graph. Values get unique names from a per-graph prefix,
 * so that subgraphs (the branches of the merged decoder's `If`) never shadow a name of the outer graph.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;

  constructor(private readonly prefix: string) {}

  private fresh(opType: string): string {
    this.counter += 1;
    return `${this.prefix}/${opType}_${this.counter}`;
  }

  /** Adds a node and returns the names of its outputs. */
  opMulti(
    opType: string,
    inputs: string[],
    outputCount: number,
    attributes: Record<string, AttributeValue> = {},
    outputNames?: string[],
  ): string[] {
    const name = this.fresh(opType);
    const outputs = outputNames ?? Array.from({ length: outputCount }, (_, index) => `${name}:${index}`);
    this.nodes.push({
      name,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputs;
  }

  /** Adds a single-output node; `outputName` pins the output to a graph output name. */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputName?: string,
  ): string {
    const [output] = this.opMulti(
      opType,
      inputs,
      1,
      attributes,
      outputName === undefined ? undefined : [outputName],
    );
    if (output === undefined) throw new Error(`${opType} produced no output`);
    return output;
  }

  addInitializer(tensor: TensorProto): string {
    this.initializers.push(tensor);
    if (typeof tensor.name !== 'string') throw new Error('initializers need a name');
    return tensor.name;
  }

  int64Constant(values: number[], scalar = false): string {
    const name = this.fresh('const_i64');
    return this.addInitializer(int64Tensor(name, scalar ? [] : [values.length], values));
  }

  floatConstant(values: number[], dims: number[]): string {
    const name = this.fresh('const_f32');
    return this.addInitializer(floatTensor(name, dims, Float32Array.from(values)));
  }

  toGraph(name: string, inputs: ValueInfoProto[], outputs: ValueInfoProto[]): GraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: inputs, output: outputs };
  }
}

export function encodeModel(graph: GraphProto, producer: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: producer,
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
