import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * `npx tsx tools/make-icons.ts`: draws the app icon (resources/icon.svg is the same picture as a vector)
 * into the PNGs electron-builder packs: resources/icon.png (1024 px; it makes the macOS .icns and the
 * Windows .ico from it) and resources/icons/<n>x<n>.png for Linux. Plain Node (zlib), no image library:
 * the shapes are few, and each pixel is 4×4-supersampled for smooth edges.
 */

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [59, 91, 219, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function inRoundedSquare(x: number, y: number): boolean {
  const [low, high, radius] = [0.04, 0.96, 0.2];
  const cx = Math.min(Math.max(x, low + radius), high - radius);
  const cy = Math.min(Math.max(y, low + radius), high - radius);
  return x >= low && x <= high && y >= low && y <= high && (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

type Point = readonly [number, number];

function inTriangle(x: number, y: number, [a, b, c]: readonly [Point, Point, Point]): boolean {
  const side = (p: Point, q: Point) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const [s1, s2, s3] = [side(a, b), side(b, c), side(c, a)];
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** The colour at a point of the unit square: a blue tile, a white speech bubble, three blue dots in it. */
export function iconColour(x: number, y: number): Rgba {
  if (!inRoundedSquare(x, y)) return CLEAR;
  const dot = [0.38, 0.5, 0.62].some((dx) => (x - dx) ** 2 + (y - 0.46) ** 2 <= 0.045 ** 2);
  if (dot) return BLUE;
  const bubble =
    ((x - 0.5) / 0.3) ** 2 + ((y - 0.46) / 0.24) ** 2 <= 1 ||
    inTriangle(x, y, [
      [0.3, 0.6],
      [0.44, 0.67],
      [0.24, 0.8],
    ]);
  return bubble ? WHITE : BLUE;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** The icon as an RGBA PNG of `size`×`size` pixels. */
export function renderIconPng(size: number): Buffer {
  const samples = 4;
  const rows = Buffer.alloc(size * (1 + 4 * size));
  for (let py = 0; py < size; py += 1) {
    const rowStart = py * (1 + 4 * size);
    rows[rowStart] = 0; // filter: none
    for (let px = 0; px < size; px += 1) {
      // Premultiplied sums, so edges against transparency do not darken.
      let [red, green, blue, coverage] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const [r, g, b, a] = iconColour(
            (px + (sx + 0.5) / samples) / size,
            (py + (sy + 0.5) / samples) / size,
          );
          red += r * a;
          green += g * a;
          blue += b * a;
          coverage += a;
        }
      }
      const offset = rowStart + 1 + 4 * px;
      const unpremultiply = (sum: number) => (coverage === 0 ? 0 : Math.round(sum / coverage));
      rows.set(
        [unpremultiply(red), unpremultiply(green), unpremultiply(blue), Math.round(coverage / samples ** 2)],
        offset,
      );
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The Linux icon set's sizes (electron-builder reads resources/icons/<n>x<n>.png). */
export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512];

function main(): void {
  const resources = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  fs.mkdirSync(path.join(resources, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(resources, 'icon.png'), renderIconPng(1024));
  for (const size of LINUX_ICON_SIZES) {
    fs.writeFileSync(path.join(resources, 'icons', `${size}x${size}.png`), renderIconPng(size));
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
