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
    super(`${path} did not match its checksum (${actual}, expected ${expected}); the download was discarded`);
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

/** What the hub says of a file before any byte of it arrives. */
interface Announced {
  /** An LFS file's sha256 (X-Linked-Etag on the hub's redirect). */
  sha256?: string;
  size?: number;
  /** A file kept in git: its blob id (the ETag), which the pinned commit fixes as surely as a sha256. */
  gitBlobSha1?: string;
}

function etagValue(header: string | null): string {
  return /^(?:W\/)?"?([^"]*)"?$/.exec((header ?? '').trim())?.[1] ?? '';
}

function announcedBy(response: Response, announced: Announced): Announced {
  const linked = etagValue(response.headers.get('x-linked-etag'));
  const linkedSize = response.headers.get('x-linked-size');
  const next = { ...announced };
  if (/^[0-9a-f]{64}$/.test(linked)) next.sha256 = linked;
  if (linkedSize !== null && /^\d+$/.test(linkedSize)) next.size = Number(linkedSize);
  if (next.sha256 === undefined && response.status < 300) {
    const etag = etagValue(response.headers.get('etag'));
    if (/^[0-9a-f]{64}$/.test(etag)) next.sha256 = etag;
    else if (/^[0-9a-f]{40}$/.test(etag) && response.headers.has('x-repo-commit')) next.gitBlobSha1 = etag;
  }
  return next;
}

const MAX_REDIRECTS = 5;

/**
 * GETs a hub URL, following its redirects by hand: an LFS file's sha256 and size are only on the hub's own 302
 * (the storage it points to does not repeat them), and a token for the hub must not travel to another origin.
 */
async function fetchFromHub(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<{ response: Response; announced: Announced }> {
  const origin = new URL(url).origin;
  let current = url;
  let announced: Announced = {};
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const sent = { ...headers };
    if (new URL(current).origin !== origin) delete sent['authorization'];
    let response: Response;
    try {
      response = await fetch(current, { headers: sent, redirect: 'manual', ...(signal ? { signal } : {}) });
    } catch (error) {
      throw new DownloadError(`could not reach the model hub for ${url}`, { cause: error });
    }
    // Only the hub speaks for the file: the storage it redirects to may use ETags of its own (a 64-hex one
    // is not necessarily a sha256 of the content).
    if (new URL(current).origin === origin) announced = announcedBy(response, announced);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return { response, announced };
    await response.body?.cancel();
    current = new URL(location, current).toString();
  }
  throw new DownloadError(`the model hub redirected ${url} more than ${MAX_REDIRECTS} times`);
}

async function gitBlobSha1Of(path: string, size: number): Promise<string> {
  const hash = createHash('sha1').update(`blob ${size}\0`);
  await hashFile(path, hash);
  return hash.digest('hex');
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
  const { response, announced } = await fetchFromHub(request.url, headers, request.signal);
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
  // What the catalog records wins; otherwise the hub's own word for the revision asked for.
  const expectedSha256 = request.expectedSha256 ?? announced.sha256;
  const remaining = remainingLength(response, offset);
  const totalBytes =
    remaining === null ? (request.expectedSize ?? announced.size ?? null) : remaining + offset;

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

  const expectedSize = request.expectedSize ?? announced.size ?? totalBytes;
  if (expectedSize !== null && receivedBytes !== expectedSize) {
    await rm(partial, { force: true });
    throw new DownloadError(`${request.url}: received ${receivedBytes} bytes, expected ${expectedSize}`);
  }
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    await rm(partial, { force: true });
    throw new ChecksumMismatchError(request.destination, `sha256 ${expectedSha256}`, `sha256 ${sha256}`);
  }
  if (expectedSha256 === undefined && announced.gitBlobSha1 !== undefined) {
    const blob = await gitBlobSha1Of(partial, receivedBytes);
    if (blob !== announced.gitBlobSha1) {
      await rm(partial, { force: true });
      throw new ChecksumMismatchError(
        request.destination,
        `git blob ${announced.gitBlobSha1}`,
        `git blob ${blob}`,
      );
    }
  }
  await rename(partial, request.destination);
  return { sha256, bytes: receivedBytes };
}
