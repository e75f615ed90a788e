import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

export class DownloadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

export class NotFoundOnHubError extends DownloadError {
  constructor(readonly url: string) {
    super(`not found on the model hub (HTTP 404): ${url}`);
    this.name = 'NotFoundOnHubError';
  }
}

export class InsufficientDiskError extends DownloadError {
  constructor(
    readonly directory: string,
    readonly neededBytes: number,
    readonly freeBytes: number | null,
  ) {
    super(
      freeBytes === null
        ? `the disk holding ${directory} is full (needed ${neededBytes} more bytes)`
        : `not enough free disk space in ${directory}: ${neededBytes} bytes needed, ${freeBytes} free`,
    );
    this.name = 'InsufficientDiskError';
  }
}

export class ChecksumMismatchError extends DownloadError {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 of ${path} is ${actual}, expected ${expected}; the file was discarded`);
    this.name = 'ChecksumMismatchError';
  }
}

export interface FileProgress {
  receivedBytes: number;
  totalBytes: number | null;
}

export interface FileDownloadRequest {
  url: string;
  destination: string;
  expectedSha256?: string;
  expectedSize?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (progress: FileProgress) => void;
  /** Free bytes where the file goes; statfs by default (tests of a full disk substitute it). */
  freeBytes?: (directory: string) => Promise<number>;
}

export async function freeDiskBytes(directory: string): Promise<number> {
  const info = await statfs(directory);
  return info.bavail * info.bsize;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** The LFS sha256 the hub announces for a file (X-Linked-Etag, else ETag), if it is one. */
function announcedSha256(response: Response): string | undefined {
  const etag = response.headers.get('x-linked-etag') ?? response.headers.get('etag') ?? '';
  const match = /^(?:W\/)?"?([0-9a-f]{64})"?$/.exec(etag.trim());
  return match?.[1];
}

function remainingLength(response: Response, offset: number): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range?.[1] !== undefined) return Number(range[1]) - offset;
  const length = response.headers.get('content-length');
  return length === null ? null : Number(length);
}

/**
 * Downloads one file to `destination` through `destination.part`:
 * - resumes a previous `.part` with an HTTP Range request (restarting if the server ignores the range);
 * - checks free disk space before writing;
 * - hashes while writing and renames into place only when size and sha256 match, so a truncated or corrupted file
 *   never appears at the path the runtime loads.
 */
export async function downloadFile(request: FileDownloadRequest): Promise<{ sha256: string; bytes: number }> {
  const partial = `${request.destination}.part`;
  await mkdir(dirname(request.destination), { recursive: true });
  let offset = await sizeOf(partial);
  const headers: Record<string, string> = { ...request.headers };
  if (offset > 0) headers['range'] = `bytes=${offset}-`;
  let response: Response;
  try {
    response = await fetch(request.url, { headers, ...(request.signal ? { signal: request.signal } : {}) });
  } catch (error) {
    throw new DownloadError(`could not reach the model hub for ${request.url}`, { cause: error });
  }
  if (response.status === 404) throw new NotFoundOnHubError(request.url);
  if (response.status === 416) {
    // The partial file is already as long as (or longer than) the remote one: start over.
    await rm(partial, { force: true });
    return downloadFile(request);
  }
  if (!response.ok || response.body === null) {
    throw new DownloadError(`HTTP ${response.status} ${response.statusText} for ${request.url}`);
  }
  if (response.status !== 206) offset = 0;
  const expectedSha256 = request.expectedSha256 ?? announcedSha256(response);
  const remaining = remainingLength(response, offset);
  const totalBytes = remaining === null ? (request.expectedSize ?? null) : remaining + offset;

  const directory = dirname(request.destination);
  if (remaining !== null) {
    const free = await (request.freeBytes ?? freeDiskBytes)(directory);
    if (free < remaining) {
      await response.body.cancel();
      throw new InsufficientDiskError(directory, remaining, free);
    }
  }

  const hash = createHash('sha256');
  if (offset > 0) await hashFile(partial, hash);
  let receivedBytes = offset;
  // Each chunk is written before the next is read, so whatever arrived before an interruption is on disk and the
  // next attempt can resume after it.
  const file = await open(partial, offset > 0 ? 'a' : 'w');
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      await file.write(chunk);
      hash.update(chunk);
      receivedBytes += chunk.length;
      request.onProgress?.({ receivedBytes, totalBytes });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new InsufficientDiskError(directory, (totalBytes ?? receivedBytes) - receivedBytes, null);
    }
    // The partial file stays: the next attempt resumes from it.
    throw new DownloadError(`download of ${request.url} was interrupted at ${receivedBytes} bytes`, {
      cause: error,
    });
  } finally {
    await file.close();
  }

  const expectedSize = request.expectedSize ?? totalBytes;
  if (expectedSize !== null && receivedBytes !== expectedSize) {
    await rm(partial, { force: true });
    throw new DownloadError(`${request.url}: received ${receivedBytes} bytes, expected ${expectedSize}`);
  }
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    await rm(partial, { force: true });
    throw new ChecksumMismatchError(request.destination, expectedSha256, sha256);
  }
  await rename(partial, request.destination);
  return { sha256, bytes: receivedBytes };
}
