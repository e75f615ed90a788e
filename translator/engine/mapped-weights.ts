import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import {
  lengthField,
  lengthHeader,
  stringField,
  varintField,
  WIRE_32BIT,
  WIRE_64BIT,
  WIRE_LENGTH,
  WIRE_VARINT,
} from './protobuf-wire.ts';
import {
  DATA_LOCATION_EXTERNAL,
  GRAPH_INITIALIZER,
  MODEL_GRAPH,
  TENSOR_DATA_LOCATION,
  TENSOR_DATA_TYPE,
  TENSOR_EXTERNAL_DATA,
  TENSOR_RAW_DATA,
} from './onnx-fields.ts';

/**
 * An ONNX model whose weights are inside its protobuf (every transformers.js `_quantized.onnx` under 2 GB) makes
 * ONNX Runtime read the whole file into memory, parse a copy and build its tensors from it: for NLLB-600M q8
 * that is the 1.1 GB of weights held more than once while loading, all of it resident afterwards, the
 * embedding tables included, of which a translation reads a few rows.
 *
 * This rewrites the graph, without copying any weight, so that each large 8-bit initializer is *external data*
 * pointing at its own bytes inside the original file: the runtime then maps the file instead of reading it, a
 * weight costs memory only for the pages a run touches (or until the kernel that prepacks it has done so), the
 * load reads a few hundred kilobytes of graph, and the file on disk stays as downloaded. Floats stay inline
 * (their offset in the file need not be aligned for their type).
 *
 * Protobuf is read field by field with positioned reads, so the rewriting itself never holds the weights. The reads
 * are synchronous: a few hundred small reads from the page cache, each a thread-pool round trip and a few promises
 * when asynchronous, cost the rewrite of NLLB-600M's two files about 160 ms of CPU at a cold start, against about
 * 100 ms now; the session created right after it blocks the main thread for seconds anyway.
 */

/** Smaller tensors stay inline: mapping costs at least a page, and they are copied quickly. */
const MIN_MAPPED_BYTES = 64 * 1024;
/** ONNX element types of one byte (uint8, int8): safe at any offset. */
const ONE_BYTE_TYPES = new Set([2, 3]);

interface Field {
  number: number;
  wire: number;
  /** Where the field's tag starts. */
  start: number;
  /** Where its value starts (after the length, for a length-delimited field). */
  valueStart: number;
  end: number;
  /** The value of a varint field. */
  varint: number;
}

/** Positioned reads through a window, for walking a large file's protobuf headers. */
class FileCursor {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly fd: number) {}

  bytes(position: number, length: number): Buffer {
    if (position < this.windowStart || position + length > this.windowStart + this.window.length) {
      const size = Math.max(length, 1 << 16);
      const buffer = Buffer.alloc(size);
      const bytesRead = readSync(this.fd, buffer, 0, size, position);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = position;
      if (bytesRead < length) throw new Error(`the model file ends at ${position + bytesRead}`);
    }
    const offset = position - this.windowStart;
    return this.window.subarray(offset, offset + length);
  }

  varint(position: number): { value: number; next: number } {
    this.bytes(position, 1);
    const bytes = this.available(position, 10);
    let value = 0;
    let scale = 1;
    for (let index = 0; index < bytes.length; index += 1) {
      const byte = bytes[index] ?? 0;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return { value, next: position + index + 1 };
    }
    throw new Error(`a malformed varint at ${position}`);
  }

  /** Up to `length` bytes from `position`, fewer at the end of the file. */
  private available(position: number, length: number): Buffer {
    const offset = position - this.windowStart;
    if (offset + length <= this.window.length) return this.window.subarray(offset, offset + length);
    const buffer = Buffer.alloc(1 << 16);
    const bytesRead = readSync(this.fd, buffer, 0, buffer.length, position);
    this.window = buffer.subarray(0, bytesRead);
    this.windowStart = position;
    return this.window.subarray(0, Math.min(length, bytesRead));
  }

  *fields(start: number, end: number): Generator<Field> {
    let position = start;
    while (position < end) {
      const tag = this.varint(position);
      const number = Math.floor(tag.value / 8);
      const wire = tag.value % 8;
      let valueStart = tag.next;
      let fieldEnd: number;
      let varint = 0;
      if (wire === WIRE_VARINT) {
        const value = this.varint(tag.next);
        varint = value.value;
        fieldEnd = value.next;
      } else if (wire === WIRE_64BIT) fieldEnd = tag.next + 8;
      else if (wire === WIRE_32BIT) fieldEnd = tag.next + 4;
      else if (wire === WIRE_LENGTH) {
        const length = this.varint(tag.next);
        valueStart = length.next;
        fieldEnd = length.next + length.value;
      } else throw new Error(`unsupported protobuf wire type ${wire} at ${position}`);
      yield { number, wire, start: position, valueStart, end: fieldEnd, varint };
      position = fieldEnd;
    }
  }
}

function externalEntry(key: string, value: string): Buffer {
  return lengthField(TENSOR_EXTERNAL_DATA, Buffer.concat([stringField(1, key), stringField(2, value)]));
}

/**
 * A rewritten message as the pieces it is made of, concatenated once at the end: joining each nested message
 * (tensor, graph, model) as it is finished copied the 3 MB of a large graph three times more, garbage still
 * resident when the decoder's session is created (the process's peak).
 */
class Pieces {
  readonly parts: Buffer[] = [];
  length = 0;

  push(...parts: Buffer[]): void {
    for (const part of parts) {
      this.parts.push(part);
      this.length += part.length;
    }
  }

  /** These pieces as the value of a length-delimited field of `into`. */
  appendAsField(number: number, into: Pieces): void {
    into.push(lengthHeader(number, this.length), ...this.parts);
  }
}

function rewriteTensor(
  cursor: FileCursor,
  start: number,
  end: number,
  location: string,
): { pieces: Pieces; mapped: number } {
  const kept = new Pieces();
  let raw: Field | undefined;
  let dataType = 0;
  let external = false;
  for (const field of cursor.fields(start, end)) {
    if (field.number === TENSOR_DATA_TYPE && field.wire === WIRE_VARINT) dataType = field.varint;
    if (field.number === TENSOR_DATA_LOCATION || field.number === TENSOR_EXTERNAL_DATA) external = true;
    if (field.number === TENSOR_RAW_DATA && field.wire === WIRE_LENGTH) raw = field;
    else kept.push(Buffer.from(cursor.bytes(field.start, field.end - field.start)));
  }
  const length = raw === undefined ? 0 : raw.end - raw.valueStart;
  if (raw === undefined || external || length < MIN_MAPPED_BYTES || !ONE_BYTE_TYPES.has(dataType)) {
    const whole = new Pieces();
    whole.push(Buffer.from(cursor.bytes(start, end - start)));
    return { pieces: whole, mapped: 0 };
  }
  kept.push(
    externalEntry('location', location),
    externalEntry('offset', String(raw.valueStart)),
    externalEntry('length', String(length)),
    varintField(TENSOR_DATA_LOCATION, DATA_LOCATION_EXTERNAL),
  );
  return { pieces: kept, mapped: length };
}

function rewriteGraph(
  cursor: FileCursor,
  start: number,
  end: number,
  location: string,
  into: Pieces,
): number {
  let mapped = 0;
  for (const field of cursor.fields(start, end)) {
    if (field.number === GRAPH_INITIALIZER && field.wire === WIRE_LENGTH) {
      const tensor = rewriteTensor(cursor, field.valueStart, field.end, location);
      mapped += tensor.mapped;
      tensor.pieces.appendAsField(GRAPH_INITIALIZER, into);
    } else {
      into.push(Buffer.from(cursor.bytes(field.start, field.end - field.start)));
    }
  }
  return mapped;
}

export interface MappedModel {
  /** The rewritten model, to load from memory with the original file's folder as its external-data folder. */
  graph: Uint8Array;
  /** Bytes of weights left in the original file, to be mapped. */
  mappedBytes: number;
}

/**
 * The model at `path` with its large 8-bit weights turned into references into `path` itself; null when it has
 * none worth mapping (small models, or weights already in external files).
 */
export function mapWeightsInPlace(path: string): MappedModel | null {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const cursor = new FileCursor(fd);
    const model = new Pieces();
    let mapped = 0;
    for (const field of cursor.fields(0, size)) {
      if (field.number === MODEL_GRAPH && field.wire === WIRE_LENGTH) {
        const graph = new Pieces();
        mapped += rewriteGraph(cursor, field.valueStart, field.end, basename(path), graph);
        graph.appendAsField(MODEL_GRAPH, model);
      } else {
        model.push(Buffer.from(cursor.bytes(field.start, field.end - field.start)));
      }
    }
    return mapped === 0 ? null : { graph: Buffer.concat(model.parts, model.length), mappedBytes: mapped };
  } finally {
    closeSync(fd);
  }
}
