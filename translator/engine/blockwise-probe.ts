import onnxProto from 'onnx-proto';
import { withInlineBlockwiseProducts } from './blockwise-weights.ts';

const { onnx } = onnxProto;

/**
 * Whether this machine's ONNX Runtime has a `MatMulNBits` kernel for 8-bit weights with integer activations.
 * Where MLAS has none (an x64 CPU without AVX2, say), the operator falls back to turning every weight back into
 * floats on every run, about 20 times slower than the export's own product. A product of the export's size (one
 * row against 1024 × 1024) is timed both ways, once per process (onnx-runtime.ts runs it); the blockwise form is
 * kept unless it is slower by more than a quarter, the noise of PROBE_RUNS runs of about 50 µs (here it is 0.6–0.8×
 * the export's).
 */

const SIZE = 1024;
export const PROBE_RUNS = 20;
const TOO_SLOW = 1.25;

function exportStyleProduct(): Uint8Array {
  const weights = new Int8Array(SIZE * SIZE);
  for (let index = 0; index < weights.length; index += 1) weights[index] = ((index * 7919) % 127) - 63;
  const tensor = (name: string, dataType: number, dims: number[], bytes: Uint8Array) => ({
    name,
    dataType,
    dims,
    rawData: bytes,
  });
  const types = onnx.TensorProto.DataType;
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'probe',
    node: [
      { opType: 'DynamicQuantizeLinear', input: ['x'], output: ['xq', 'xs', 'xz'] },
      { opType: 'MatMulInteger', input: ['xq', 'w', 'xz', 'wz'], output: ['p'] },
      { opType: 'Mul', input: ['xs', 'ws'], output: ['r'] },
      {
        opType: 'Cast',
        input: ['p'],
        output: ['f'],
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: types.FLOAT }],
      },
      { opType: 'Mul', input: ['f', 'r'], output: ['y'] },
    ],
    initializer: [
      tensor('w', types.INT8, [SIZE, SIZE], new Uint8Array(weights.buffer)),
      tensor('ws', types.FLOAT, [SIZE], new Uint8Array(new Float32Array(SIZE).fill(0.01).buffer)),
      tensor('wz', types.INT8, [SIZE], new Uint8Array(SIZE)),
    ],
    input: [
      {
        name: 'x',
        type: {
          tensorType: { elemType: types.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: SIZE }] } },
        },
      },
    ],
    output: [
      {
        name: 'y',
        type: {
          tensorType: { elemType: types.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: SIZE }] } },
        },
      },
    ],
  };
  return onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
}

/** The probe's two models: the product as exported, and as rewritten. */
export function probeModels(): { exported: Uint8Array; blockwise: Uint8Array } {
  const exported = exportStyleProduct();
  const blockwise = withInlineBlockwiseProducts(exported);
  if (blockwise === null) throw new Error('the probe product was not recognised');
  return { exported, blockwise };
}

/** The probe's input: one row. */
export function probeInput(): { values: Float32Array; dims: number[] } {
  return { values: new Float32Array(SIZE).fill(0.5), dims: [1, SIZE] };
}

/** The verdict from each form's median time of PROBE_RUNS runs. */
export function blockwiseIsFastEnough(exportedMs: number, blockwiseMs: number): boolean {
  return blockwiseMs <= exportedMs * TOO_SLOW;
}
