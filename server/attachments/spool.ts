import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LIMITS } from '../../contract/limits.ts';
import { AppError } from '../errors.ts';

const tooLarge = () =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    `A file may be at most ${LIMITS.attachmentMaxBytes / 1024 / 1024} MB`,
  );

export interface SpooledFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** Removes the spooled copy; safe to call twice. */
  discard(): Promise<void>;
}

/** A spooled upload's name, by which the leftovers of a crash are found (spoolUpload names them so). */
export const SPOOLED_FILE_NAME = /^[0-9a-f-]{36}\.upload$/;

/**
 * Writes an upload to a private temporary file while hashing it, so that its type can be sniffed and its
 * hash known before anything is stored. A failed stream (too large, cut off) leaves no file behind.
 */
export async function spoolUpload(
  source: Readable,
  spoolDir: string,
  /** Whether the source stopped at its size limit rather than at its end (multipart truncates silently). */
  truncated: () => boolean,
): Promise<SpooledFile> {
  await fs.promises.mkdir(spoolDir, { recursive: true, mode: 0o700 });
  // Named as SPOOLED_FILE_NAME says.
  const file = path.join(spoolDir, `${randomUUID()}.upload`);
  const discard = () => fs.promises.rm(file, { force: true });
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, fs.createWriteStream(file, { mode: 0o600 }));
    if (truncated()) throw tooLarge();
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: file, sha256: hash.digest('hex'), sizeBytes, discard };
}
