/**
 * The few protobuf wire-format pieces the engine's ONNX graph rewrites need (mapped-weights.ts,
 * merged-decoder-split.ts, greedy-candidates.ts): these rewrites copy most bytes as they are and read large files field by
 * field, which a protobuf library decoding whole messages would not (blockwise-products.ts decodes only the small
 * graphs they leave, with onnx-proto).
 */

export const WIRE_VARINT = 0;
export const WIRE_64BIT = 1;
export const WIRE_LENGTH = 2;
export const WIRE_32BIT = 5;

export function varintBytes(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 128) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** The tag and length of a length-delimited field, whose value follows. */
export function lengthHeader(number: number, length: number): Buffer {
  return Buffer.concat([varintBytes(number * 8 + WIRE_LENGTH), varintBytes(length)]);
}

export function lengthField(number: number, value: Uint8Array): Buffer {
  return Buffer.concat([lengthHeader(number, value.length), value]);
}

/** A varint field: its tag, then its value. */
export function varintField(number: number, value: number): Buffer {
  return Buffer.concat([varintBytes(number * 8 + WIRE_VARINT), varintBytes(value)]);
}

/** A string field (UTF-8). */
export function stringField(number: number, value: string): Buffer {
  return lengthField(number, Buffer.from(value, 'utf8'));
}
