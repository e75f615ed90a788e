import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

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
  /** Consulted for every GET of a file. */
  faults?: (file: string, request: IncomingMessage) => FaultPlan;
}

export interface RunningHub {
  url: string;
  server: Server;
  /** Every request, as "METHOD path range", for assertions about resumption. */
  requests: string[];
  close(): Promise<void>;
}

const shaCache = new Map<string, string>();

async function sha256(path: string, mtimeMs: number): Promise<string> {
  const key = `${path}:${mtimeMs}`;
  const cached = shaCache.get(key);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  shaCache.set(key, digest);
  return digest;
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

async function handle(options: HubServerOptions, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://hub');
  // Hub layout: /{owner}/{name}/resolve/{revision}/{file...}
  const match = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(url.pathname));
  if (match === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
    return;
  }
  const [, owner = '', name = '', , file = ''] = match;
  const path = normalize(join(options.root, owner, name, file));
  if (!path.startsWith(normalize(options.root) + sep)) {
    response.writeHead(404).end('Entry not found');
    return;
  }
  const info = await stat(path).catch(() => null);
  if (info?.isFile() !== true) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
    return;
  }
  const digest = await sha256(path, info.mtimeMs);
  const headers: Record<string, string | number> = {
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
    // The real hub announces an LFS file's sha256 this way; the downloader checks against it.
    etag: `"${digest}"`,
    'x-linked-etag': `"${digest}"`,
  };
  const range = parseRange(request.headers.range, info.size);
  if (range === 'invalid') {
    response.writeHead(416, { 'content-range': `bytes */${info.size}` }).end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? info.size - 1;
  headers['content-length'] = end - start + 1;
  if (range !== null) headers['content-range'] = `bytes ${start}-${end}/${info.size}`;
  response.writeHead(range === null ? 200 : 206, headers);
  if (request.method === 'HEAD' || info.size === 0) {
    response.end();
    return;
  }
  const plan = options.faults?.(`${owner}/${name}/${file}`, request) ?? { kind: 'serve' };
  let sent = 0;
  const stream = createReadStream(path, { start, end });
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

/** Serves a folder of model repositories in the hub's URL layout, with Range support, on loopback. */
export async function startHubServer(options: HubServerOptions): Promise<RunningHub> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''} ${request.headers.range ?? ''}`.trim());
    handle(options, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
