import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, sep } from 'node:path';

/**
 * What the server does with one file request; tests use it to cut a transfer short or to corrupt bytes.
 * `truncateAfter`: send that many bytes of the body, then drop the connection.
 */
export type FaultPlan = { kind: 'serve' } | { kind: 'truncateAfter'; bytes: number } | { kind: 'corrupt' };

export interface HubServerOptions {
  /** Folder holding `<owner>/<name>/<files>`, every revision served from the same files. */
  root: string;
  port?: number;
  host?: string;
  /** Consulted for every GET of a file's bytes (from the hub itself, or from the LFS storage it redirects to). */
  faults?: (file: string, request: IncomingMessage) => FaultPlan;
}

export interface RunningHub {
  url: string;
  /** The separate origin LFS files are redirected to, as the real hub sends them to its CDN. */
  storageUrl: string;
  server: Server;
  /**
   * Every request, as "METHOD path [range] [authorization]" (the last when an Authorization header came with it),
   * for assertions about resumption and credentials; those to the LFS storage start with "storage ".
   */
  requests: string[];
  close(): Promise<void>;
}

/** Like the hub's .gitattributes: weights go to LFS, and so does any file over 10 MiB. */
const LFS_EXTENSIONS = new Set(['.onnx', '.onnx_data', '.bin', '.safetensors', '.model']);
const LFS_MIN_SIZE = 10 * 1024 * 1024;

interface FileDigests {
  sha256: string;
  /** The git blob id ("blob <size>\0" + content): what the hub sends as the ETag of a file kept in git. */
  gitBlobSha1: string;
}

const digestCache = new Map<string, FileDigests>();

async function digestsOf(path: string, size: number, mtimeMs: number): Promise<FileDigests> {
  const key = `${path}:${mtimeMs}`;
  const cached = digestCache.get(key);
  if (cached !== undefined) return cached;
  const sha256 = createHash('sha256');
  const gitBlob = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    gitBlob.update(chunk as Buffer);
  }
  const digests = { sha256: sha256.digest('hex'), gitBlobSha1: gitBlob.digest('hex') };
  digestCache.set(key, digests);
  return digests;
}

/** Parses "bytes=start-" or "bytes=start-end"; null when absent or unsupported. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const start = Number(match[1]);
  const end = match[2] === '' || match[2] === undefined ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

/** A stable 40-hex id standing for the commit a revision resolves to. */
function commitOf(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision : createHash('sha1').update(revision).digest('hex');
}

interface ResolvedFile {
  /** "owner/name/path", as the fault plan sees it. */
  id: string;
  path: string;
  size: number;
  mtimeMs: number;
}

async function resolveFile(root: string, owner: string, name: string, file: string) {
  const path = normalize(join(root, owner, name, file));
  if (!path.startsWith(normalize(root) + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isFile() !== true) return null;
  return {
    id: `${owner}/${name}/${file}`,
    path,
    size: info.size,
    mtimeMs: info.mtimeMs,
  } satisfies ResolvedFile;
}

function notFound(response: ServerResponse) {
  response
    .writeHead(404, { 'content-type': 'text/plain', 'x-error-code': 'EntryNotFound' })
    .end('Entry not found');
}

/** Sends a file's bytes (or the requested range of them), applying the fault plan. */
function sendBytes(
  options: HubServerOptions,
  file: ResolvedFile,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string | number>,
) {
  const range = parseRange(request.headers.range, file.size);
  if (range === 'invalid') {
    response.writeHead(416, { 'content-range': `bytes */${file.size}` }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  headers['accept-ranges'] = 'bytes';
  headers['content-length'] = end - start + 1;
  if (range !== null) headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  response.writeHead(range === null ? 200 : 206, headers);
  if (request.method === 'HEAD' || file.size === 0) {
    response.end();
    return;
  }
  const plan = options.faults?.(file.id, request) ?? { kind: 'serve' };
  let sent = 0;
  const stream = createReadStream(file.path, { start, end });
  stream.on('data', (chunk) => {
    let bytes = chunk as Buffer;
    if (plan.kind === 'corrupt' && sent === 0) {
      bytes = Buffer.from(bytes);
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    }
    if (plan.kind === 'truncateAfter' && sent + bytes.length >= plan.bytes) {
      response.write(bytes.subarray(0, plan.bytes - sent));
      stream.destroy();
      // Closing the socket mid-body is what a lost connection looks like. The pause first lets the client take
      // the bytes already sent: a fetch body stream drops its unread queue when the connection errors.
      setTimeout(() => response.socket?.end(), 150);
      return;
    }
    sent += bytes.length;
    if (!response.write(bytes)) {
      stream.pause();
      response.once('drain', () => stream.resume());
    }
  });
  stream.on('end', () => response.end());
  stream.on('error', () => response.destroy());
}

/**
 * The hub's /{owner}/{name}/resolve/{revision}/{file}, as huggingface.co answers it: a file kept in git comes back
 * directly with its git blob id as ETag; an LFS file is a 302 to storage on another origin, the redirect carrying
 * the file's sha256 (X-Linked-Etag) and size (X-Linked-Size).
 */
async function handleHub(
  options: HubServerOptions,
  storageUrl: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? '/', 'http://hub');
  const match = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
  if (match === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
    notFound(response);
    return;
  }
  const [, owner = '', name = '', revision = '', path = ''] = match;
  const file = await resolveFile(options.root, owner, name, path);
  if (file === null) {
    notFound(response);
    return;
  }
  const digests = await digestsOf(file.path, file.size, file.mtimeMs);
  const common = { 'x-repo-commit': commitOf(revision) };
  if (LFS_EXTENSIONS.has(extname(file.path)) || file.size >= LFS_MIN_SIZE) {
    const location = `${storageUrl}/lfs/${owner}/${name}/${digests.sha256}/${encodeURIComponent(basename(path))}?file=${encodeURIComponent(path)}`;
    response
      .writeHead(302, {
        ...common,
        location,
        etag: `"${digests.sha256}"`,
        'x-linked-etag': `"${digests.sha256}"`,
        'x-linked-size': file.size,
      })
      .end();
    return;
  }
  sendBytes(options, file, request, response, {
    ...common,
    'content-type': 'application/octet-stream',
    etag: `"${digests.gitBlobSha1}"`,
  });
}

/** The storage the hub redirects LFS files to; like a CDN, it announces no sha256 of the content. */
async function handleStorage(options: HubServerOptions, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://storage');
  const match = /^\/lfs\/([^/]+)\/([^/]+)\/([0-9a-f]{64})\/[^/]+$/.exec(url.pathname);
  const path = url.searchParams.get('file');
  if (match === null || path === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
    notFound(response);
    return;
  }
  const [, owner = '', name = '', sha256 = ''] = match;
  const file = await resolveFile(options.root, owner, name, path);
  if (file === null || (await digestsOf(file.path, file.size, file.mtimeMs)).sha256 !== sha256) {
    notFound(response);
    return;
  }
  sendBytes(options, file, request, response, {
    'content-type': 'application/octet-stream',
    // Like content-addressed storage, its own 64-hex id, which is not the file's sha256.
    etag: `"${createHash('sha256').update(`storage:${sha256}`).digest('hex')}"`,
  });
}

async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${address.address}:${address.port}`;
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });
}

/** Serves a folder of model repositories in the hub's URL layout and redirect protocol, on loopback. */
export async function startHubServer(options: HubServerOptions): Promise<RunningHub> {
  const requests: string[] = [];
  const host = options.host ?? '127.0.0.1';
  const line = (request: IncomingMessage) =>
    [request.method, request.url, request.headers.range, request.headers.authorization && 'authorization']
      .filter((part) => typeof part === 'string' && part !== '')
      .join(' ');
  const fail = (response: ServerResponse) => () => {
    if (!response.headersSent) response.writeHead(500).end();
    else response.destroy();
  };
  const storage = createServer((request, response) => {
    requests.push(`storage ${line(request)}`);
    handleStorage(options, request, response).catch(fail(response));
  });
  const storageUrl = await listen(storage, host, 0);
  const server = createServer((request, response) => {
    requests.push(line(request));
    handleHub(options, storageUrl, request, response).catch(fail(response));
  });
  const url = await listen(server, host, options.port ?? 0);
  return {
    url,
    storageUrl,
    server,
    requests,
    close: async () => {
      await Promise.all([close(server), close(storage)]);
    },
  };
}
