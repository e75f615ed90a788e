import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import onnxProto from 'onnx-proto';
import { processIsRunning } from '../../platform/process-alive.ts';
import {
  blockwiseDims,
  blockwiseNames,
  blockwiseTensorTypes,
  decodeModel,
  findQuantizedProducts,
  inlineBytes,
  rewriteProducts,
  type BlockwiseTensors,
  groupProducts,
  type ProductGroup,
  type TensorProto,
} from './blockwise-products.ts';

/**
 * The weights of the rewritten products (blockwise-products.ts), kept in one file beside the model file they come
 * from and mapped by ONNX Runtime like the export's own (mapped-weights.ts): built on the model's first load, read
 * on every later one. Held in memory instead, they would sit beside the packed copy ONNX Runtime makes of them
 * while the session loads, about 0.45 GB more at NLLB-600M's peak.
 *
 * The file: each tensor at an offset aligned to 4 KiB, then a JSON trailer naming the source file (size and
 * modification time), the format and every tensor with its place, then the trailer's length and a magic number.
 * A file that does not match what the graph needs (another source, another version, cut short) is built again; it
 * is written under a temporary name and renamed, so a load never sees half of one.
 */

const MAGIC = 'MSHYBLK1';
/** 2: the products of the same activations side by side (ProductGroup). */
const FORMAT_VERSION = 2;
const ALIGNMENT = 4096;
const TRAILER_TAIL_BYTES = 16;
/** Columns converted at a time: the weight's rows are read this wide, about 16 MB per chunk. */
const CHUNK_BYTES = 16 * 1024 * 1024;
/** The transposition walks tiles of this many rows and columns, so reads and writes stay in cache. */
const TILE = 64;

interface PlacedTensor {
  name: string;
  dims: number[];
  dataType: number;
  offset: number;
  length: number;
}

export interface Trailer {
  format: number;
  source: { size: number; modifiedMs: number };
  /** Of the products' weights (fingerprint()): a replaced model of the same size and time differs here. */
  fingerprint: string;
  tensors: PlacedTensor[];
}

export function blockwiseWeightsPath(sourcePath: string, role: string): string {
  return join(dirname(sourcePath), `${basename(sourcePath)}.meeshy-${role}-blocks.bin`);
}

const BLOCKWISE_FILE = /\.meeshy-[a-z-]+-blocks\.bin$/;

/** Whether a file's name is that of blockwise weights (blockwiseWeightsPath), built partial files excepted. */
export function isBlockwiseWeightsFile(name: string): boolean {
  return BLOCKWISE_FILE.test(name);
}

/**
 * Bytes of the blockwise weights built anywhere under a model's folder: part of the model's size on disk (about
 * 0.6 GB beside an NLLB-600M export), which the catalog's file sizes do not count. A folder that cannot be read
 * counts nothing.
 */
export async function blockwiseWeightsBytes(folder: string): Promise<number> {
  const names = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
  const sizes = await Promise.all(
    names
      .filter(isBlockwiseWeightsFile)
      .map(async (name) => (await stat(join(folder, name)).catch(() => null))?.size ?? 0),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

function layout(groups: readonly ProductGroup[]): PlacedTensor[] {
  const types = blockwiseTensorTypes();
  const placed: PlacedTensor[] = [];
  let offset = 0;
  const place = (name: string, dims: number[], dataType: number, bytesPerElement: number) => {
    const length = dims.reduce((product, dim) => product * dim, bytesPerElement);
    placed.push({ name, dims, dataType, offset, length });
    offset = Math.ceil((offset + length) / ALIGNMENT) * ALIGNMENT;
  };
  for (const group of groups) {
    const names = blockwiseNames(group);
    const dims = blockwiseDims(group);
    place(names.blocks, dims.blocks, types.blocks, 1);
    place(names.scales, dims.scales, types.scales, 4);
  }
  return placed;
}

function sourceIdentity(sourcePath: string): Trailer['source'] {
  const stats = statSync(sourcePath);
  return { size: stats.size, modifiedMs: Math.trunc(stats.mtimeMs) };
}

function readTrailer(path: string): { trailer: Trailer; fileSize: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const fileSize = fstatSync(fd).size;
    if (fileSize < TRAILER_TAIL_BYTES) return null;
    const tail = Buffer.alloc(TRAILER_TAIL_BYTES);
    readSync(fd, tail, 0, TRAILER_TAIL_BYTES, fileSize - TRAILER_TAIL_BYTES);
    if (tail.toString('latin1', 8) !== MAGIC) return null;
    const length = Number(tail.readBigUInt64LE(0));
    if (length > fileSize - TRAILER_TAIL_BYTES) return null;
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, fileSize - TRAILER_TAIL_BYTES - length);
    const trailer = JSON.parse(json.toString('utf8')) as unknown;
    return isTrailer(trailer) ? { trailer, fileSize } : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Whatever JSON a file holds, checked field by field before it is trusted. */
function isTrailer(value: unknown): value is Trailer {
  if (typeof value !== 'object' || value === null) return false;
  const { format, source, fingerprint, tensors } = value as Record<string, unknown>;
  const isNumber = (field: unknown) => typeof field === 'number' && Number.isFinite(field);
  return (
    isNumber(format) &&
    typeof fingerprint === 'string' &&
    typeof source === 'object' &&
    source !== null &&
    isNumber((source as Record<string, unknown>)['size']) &&
    isNumber((source as Record<string, unknown>)['modifiedMs']) &&
    Array.isArray(tensors) &&
    tensors.every(
      (tensor: unknown) =>
        typeof tensor === 'object' &&
        tensor !== null &&
        typeof (tensor as Record<string, unknown>)['name'] === 'string' &&
        Array.isArray((tensor as Record<string, unknown>)['dims']) &&
        isNumber((tensor as Record<string, unknown>)['dataType']) &&
        isNumber((tensor as Record<string, unknown>)['offset']) &&
        isNumber((tensor as Record<string, unknown>)['length']),
    )
  );
}

function sameTensors(a: readonly PlacedTensor[], b: readonly PlacedTensor[]): boolean {
  return (
    a.length === b.length &&
    a.every((tensor, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        other.name === tensor.name &&
        other.dataType === tensor.dataType &&
        other.offset === tensor.offset &&
        other.length === tensor.length &&
        other.dims.join(',') === tensor.dims.join(',')
      );
    })
  );
}

function isUsable(path: string, expected: Trailer): boolean {
  const found = readTrailer(path);
  if (found === null) return false;
  const { trailer, fileSize } = found;
  const dataEnd = Math.max(0, ...expected.tensors.map((tensor) => tensor.offset + tensor.length));
  return (
    trailer.format === expected.format &&
    trailer.source.size === expected.source.size &&
    trailer.source.modifiedMs === expected.source.modifiedMs &&
    trailer.fingerprint === expected.fingerprint &&
    sameTensors(trailer.tensors, expected.tensors) &&
    fileSize >= dataEnd + TRAILER_TAIL_BYTES
  );
}

/** Reads a weight's bytes from wherever the graph keeps them: inside it, or in a file of the model's folder. */
export class WeightReader {
  private readonly fds = new Map<string, number>();

  constructor(private readonly folder: string) {}

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  /** All of a tensor's bytes (a small one: zero points), or null when they cannot be read. */
  whole(tensor: TensorProto): Uint8Array | null {
    const length = Number(
      new Map((tensor.externalData ?? []).map((entry) => [entry.key, entry.value])).get('length'),
    );
    if (!Number.isSafeInteger(length) || length <= 0) return inlineBytes(tensor);
    const bytes = new Uint8Array(length);
    try {
      this.segments(tensor, length)(0, 0, length, bytes, 0);
    } catch {
      return null;
    }
    return bytes;
  }

  /** A function copying `columns` bytes of the weight's `row`, from `column` on, into `into` at `at`. */
  segments(
    weight: TensorProto,
    columnCount: number,
  ): (row: number, column: number, columns: number, into: Uint8Array, at: number) => void {
    const inline = inlineBytes(weight);
    if (inline !== null) {
      return (row, column, columns, into, at) => {
        const start = row * columnCount + column;
        into.set(inline.subarray(start, start + columns), at);
      };
    }
    const external = new Map(
      (weight.externalData ?? []).map((entry) => [entry.key ?? '', entry.value ?? '']),
    );
    const location = external.get('location');
    if (location === undefined || location.includes('..'))
      throw new Error(`${weight.name ?? 'a weight'} has no usable location`);
    const base = Number(external.get('offset') ?? 0);
    const path = join(this.folder, location);
    let fd = this.fds.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'r');
      this.fds.set(path, fd);
    }
    const handle = fd;
    return (row, column, columns, into, at) => {
      const read = readSync(handle, into, at, columns, base + row * columnCount + column);
      if (read !== columns) throw new Error(`${weight.name ?? 'a weight'} is cut short in ${location}`);
    };
  }
}

/**
 * What the blockwise weights are made from, in short: each product's weight name and shape, its first and last
 * rows, and its scales. A model replaced by another of the same size and modification time (copied with its
 * times kept) has other weights, and almost surely other rows here.
 */
function fingerprint(groups: readonly ProductGroup[], reader: WeightReader): string {
  const hash = createHash('sha256');
  for (const group of groups) {
    for (const product of group.products) {
      hash.update(
        `${product.weight.name ?? ''}:${product.inputSize}x${product.outputSize}/${group.blockSize};`,
      );
      const segment = reader.segments(product.weight, product.outputSize);
      const row = new Uint8Array(product.outputSize);
      for (const index of [0, product.inputSize - 1]) {
        segment(index, 0, product.outputSize, row, 0);
        hash.update(row);
      }
      hash.update(new Uint8Array(product.columnScales.buffer));
    }
  }
  return hash.digest('hex');
}

/**
 * int8 [rows, columns] (row-major) → uint8 [columns, rows] + 128: each output column of the product becomes a
 * row of blocks, and flipping the sign bit is adding 128 to a two's-complement byte. Four rows by four columns
 * at a time as 32-bit words where the shapes allow (two to three times the bytes per second of a byte loop, which
 * made the build of NLLB-600M's weights take seconds), byte by byte otherwise.
 */
export function transposeWithOffset(
  source: Uint8Array,
  rows: number,
  columns: number,
  into: Uint8Array,
): void {
  const byWords =
    rows % 4 === 0 && columns % 4 === 0 && source.byteOffset % 4 === 0 && into.byteOffset % 4 === 0;
  if (byWords) transposeWords(source, rows, columns, into);
  else transposeBytes(source, rows, columns, into);
}

function transposeBytes(source: Uint8Array, rows: number, columns: number, into: Uint8Array): void {
  for (let rowTile = 0; rowTile < rows; rowTile += TILE) {
    const rowEnd = Math.min(rows, rowTile + TILE);
    for (let columnTile = 0; columnTile < columns; columnTile += TILE) {
      const columnEnd = Math.min(columns, columnTile + TILE);
      for (let row = rowTile; row < rowEnd; row += 1) {
        const from = row * columns;
        for (let column = columnTile; column < columnEnd; column += 1)
          into[column * rows + row] = (source[from + column] ?? 0) ^ 0x80;
      }
    }
  }
}

/** Each 32-bit word of `source` holds four columns of a row; each of `into`, four rows of a column. */
function transposeWords(source: Uint8Array, rows: number, columns: number, into: Uint8Array): void {
  const from = new Uint32Array(source.buffer, source.byteOffset, (rows * columns) / 4);
  const to = new Uint32Array(into.buffer, into.byteOffset, (rows * columns) / 4);
  const wordsPerRow = columns / 4;
  const wordsPerColumn = rows / 4;
  const tileWords = TILE / 4;
  for (let rowTile = 0; rowTile < wordsPerColumn; rowTile += tileWords) {
    const rowEnd = Math.min(wordsPerColumn, rowTile + tileWords);
    for (let columnTile = 0; columnTile < wordsPerRow; columnTile += tileWords) {
      const columnEnd = Math.min(wordsPerRow, columnTile + tileWords);
      for (let rowWord = rowTile; rowWord < rowEnd; rowWord += 1) {
        const first = rowWord * 4 * wordsPerRow;
        for (let columnWord = columnTile; columnWord < columnEnd; columnWord += 1) {
          const a = from[first + columnWord] ?? 0;
          const b = from[first + wordsPerRow + columnWord] ?? 0;
          const c = from[first + 2 * wordsPerRow + columnWord] ?? 0;
          const d = from[first + 3 * wordsPerRow + columnWord] ?? 0;
          const out = columnWord * 4 * wordsPerColumn + rowWord;
          for (let byte = 0; byte < 4; byte += 1) {
            const shift = byte * 8;
            to[out + byte * wordsPerColumn] =
              (((a >>> shift) & 0xff) |
                (((b >>> shift) & 0xff) << 8) |
                (((c >>> shift) & 0xff) << 16) |
                (((d >>> shift) & 0xff) << 24)) ^
              0x80808080;
          }
        }
      }
    }
  }
}

/** Each output column's scale, once for each of its blocks (MatMulNBits' [N · K/block] scales), product after product. */
export function blockScales(group: ProductGroup): Float32Array {
  const blockCount = group.inputSize / group.blockSize;
  const values = new Float32Array(group.outputSize * blockCount);
  let column = 0;
  for (const product of group.products) {
    for (let own = 0; own < product.outputSize; own += 1, column += 1) {
      const scale = product.columnScales.length === 1 ? product.columnScales[0] : product.columnScales[own];
      values.fill(scale ?? 0, column * blockCount, (column + 1) * blockCount);
    }
  }
  return values;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  }
}

/** A group's blocks: each product's columns after the previous product's, `rows` bytes per column. */
function writeGroup(
  fd: number,
  reader: WeightReader,
  group: ProductGroup,
  blocks: PlacedTensor,
  scales: PlacedTensor,
): void {
  const rows = group.inputSize;
  const chunkColumns = Math.max(TILE, Math.floor(CHUNK_BYTES / rows / TILE) * TILE);
  const source = new Uint8Array(rows * Math.min(chunkColumns, group.outputSize));
  const transposed = new Uint8Array(source.length);
  let groupColumn = 0;
  for (const product of group.products) {
    const columns = product.outputSize;
    const segment = reader.segments(product.weight, columns);
    for (let column = 0; column < columns; column += chunkColumns) {
      const width = Math.min(chunkColumns, columns - column);
      const view = source.subarray(0, rows * width);
      for (let row = 0; row < rows; row += 1) segment(row, column, width, view, row * width);
      const out = transposed.subarray(0, rows * width);
      transposeWithOffset(view, rows, width, out);
      writeAll(fd, out, blocks.offset + (groupColumn + column) * rows);
    }
    groupColumn += columns;
  }
  writeAll(fd, new Uint8Array(blockScales(group).buffer), scales.offset);
}

/** Where this process writes the file at `path` before renaming it into place. */
export function partialBlockwisePath(path: string): string {
  return `${path}.partial-${process.pid}`;
}

/** Partial files of loads that stopped halfway (a crash, a kill); a process still building keeps its own. */
function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.partial-`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsRunning(pid)) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}

/** Writes the blockwise file at `path`: the weights of `groups`, read through `reader`, laid out as `expected` says. */
export function buildBlockwiseFile(
  path: string,
  sourcePath: string,
  groups: readonly ProductGroup[],
  expected: Trailer,
  reader: WeightReader,
): void {
  if (!sameTensors(layout(groups), expected.tensors))
    throw new Error('the products found do not match the blockwise layout asked for');
  // The trailer vouches for the weights read here: a model file replaced since it was planned must not pass.
  const sourceUnchanged = () => {
    const now = sourceIdentity(sourcePath);
    return now.size === expected.source.size && now.modifiedMs === expected.source.modifiedMs;
  };
  if (!sourceUnchanged() || fingerprint(groups, reader) !== expected.fingerprint)
    throw new Error(`${basename(sourcePath)} changed while its blockwise weights were being planned`);
  removeLeftovers(path);
  const partial = partialBlockwisePath(path);
  const fd = openSync(partial, 'w');
  try {
    groups.forEach((group, index) => {
      const blocks = expected.tensors[index * 2];
      const scales = expected.tensors[index * 2 + 1];
      if (blocks === undefined || scales === undefined) throw new Error('the blockwise layout is short');
      writeGroup(fd, reader, group, blocks, scales);
    });
    const dataEnd = Math.max(0, ...expected.tensors.map((tensor) => tensor.offset + tensor.length));
    const json = Buffer.from(JSON.stringify(expected), 'utf8');
    const tail = Buffer.alloc(TRAILER_TAIL_BYTES);
    tail.writeBigUInt64LE(BigInt(json.length), 0);
    tail.write(MAGIC, 8, 'latin1');
    writeAll(fd, Buffer.concat([json, tail]), dataEnd);
    // On disk before it is renamed into place: after a power cut, a trailer over data never written would pass.
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    if (!sourceUnchanged())
      throw new Error(`${basename(sourcePath)} changed while its blockwise weights were built`);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

function externalTensor(tensor: PlacedTensor, location: string): TensorProto {
  return {
    name: tensor.name,
    dims: tensor.dims,
    dataType: tensor.dataType,
    dataLocation: onnxProto.onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: String(tensor.offset) },
      { key: 'length', value: String(tensor.length) },
    ],
  };
}

/** The last caller in line for each file (blockwiseWeights): a promise that never rejects. */
const turns = new Map<string, Promise<void>>();

/** Writes a blockwise file at `path` laid out as `expected` says (buildBlockwiseFile, here or elsewhere). */
export type BlockwiseFileBuilder = (path: string, expected: Trailer) => Promise<void>;

/**
 * The blockwise weights of `groups` (found in a graph of `sourcePath`, whose external data lives beside it), as
 * external tensors in the file for `role`: reused when it matches; otherwise built if `mayBuild` says so (the
 * kernel probe: a file that exists was built after it said yes on this machine, so a load that finds one skips
 * it), null if not. `reader` reads the export's weights (the caller's, which found the products with it, and
 * closes it). `buildFile` writes the file, by default here through `reader`. Throws when it cannot be built (a
 * read-only folder, a full disk); the caller then keeps the export's products.
 */
export async function blockwiseWeights(
  sourcePath: string,
  role: string,
  groups: readonly ProductGroup[],
  mayBuild: () => Promise<boolean>,
  reader: WeightReader,
  buildFile: BlockwiseFileBuilder = (path, expected) => {
    buildBlockwiseFile(path, sourcePath, groups, expected, reader);
    return Promise.resolve();
  },
): Promise<{ tensors: BlockwiseTensors[]; built: boolean } | null> {
  const path = blockwiseWeightsPath(sourcePath, role);
  const expected: Trailer = {
    format: FORMAT_VERSION,
    source: sourceIdentity(sourcePath),
    fingerprint: fingerprint(groups, reader),
    tensors: layout(groups),
  };
  // One look at (and build of) a file at a time in this process: two tiers of one model loading at once would
  // otherwise both find it missing and write the same partial file. The next one finds it built.
  const previous = turns.get(path) ?? Promise.resolve();
  let endTurn: () => void = () => undefined;
  const turn = previous.then(() => new Promise<void>((resolve) => (endTurn = resolve)));
  turns.set(path, turn);
  await previous;
  let built: boolean;
  try {
    built = !isUsable(path, expected);
    if (built) {
      if (!(await mayBuild())) return null;
      await buildFile(path, expected);
      // Whoever built it, the file must now be the one expected before the graph points into it.
      if (!isUsable(path, expected)) throw new Error(`${basename(path)} was not built as expected`);
    }
  } finally {
    endTurn();
    if (turns.get(path) === turn) turns.delete(path);
  }
  const location = basename(path);
  const tensors = groups.map((_, index) => {
    const blocks = expected.tensors[index * 2];
    const scales = expected.tensors[index * 2 + 1];
    if (blocks === undefined || scales === undefined) throw new Error('the blockwise layout is short');
    return { blocks: externalTensor(blocks, location), scales: externalTensor(scales, location) };
  });
  return { tensors, built };
}

/**
 * A small model (every weight inside it) with its products rewritten over blockwise weights kept inside it too:
 * for the probe and the checks, which have no file to keep them in. Null when it has no such product.
 */
export function withInlineBlockwiseProducts(model: Uint8Array): Uint8Array | null {
  const decoded = decodeModel(model);
  const groups = groupProducts(findQuantizedProducts(decoded));
  if (groups.length === 0) return null;
  const types = blockwiseTensorTypes();
  const tensors = groups.map((group) => {
    const names = blockwiseNames(group);
    const dims = blockwiseDims(group);
    const blocks = new Uint8Array(group.inputSize * group.outputSize);
    let column = 0;
    for (const product of group.products) {
      const source = inlineBytes(product.weight);
      if (source === null) throw new Error(`${product.weight.name ?? 'a weight'} is not inside the model`);
      const into = blocks.subarray(column * group.inputSize, (column + product.outputSize) * group.inputSize);
      transposeWithOffset(source, product.inputSize, product.outputSize, into);
      column += product.outputSize;
    }
    const scales = new Uint8Array(blockScales(group).buffer);
    return {
      blocks: { name: names.blocks, dims: dims.blocks, dataType: types.blocks, rawData: blocks },
      scales: { name: names.scales, dims: dims.scales, dataType: types.scales, rawData: scales },
    };
  });
  return rewriteProducts(decoded, groups, tensors);
}
