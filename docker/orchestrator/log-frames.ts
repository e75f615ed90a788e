/**
 * Log output of a container started without a terminal: frames of an 8-byte header (stream, 0, 0, 0, size
 * as a big-endian 32-bit number) followed by that many bytes. Returns the text with the headers removed.
 */
export function demuxLogFrames(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
