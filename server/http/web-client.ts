import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Paths that belong to the API and never fall back to the client's page. */
const SERVER_PATHS = ['/api/', '/socket.io/', '/health', '/metrics'];

/** Whether a request that matched no route is the browser asking for one of the client's own pages. */
export function wantsClientPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const url = request.url.split('?')[0] ?? '';
  if (SERVER_PATHS.some((prefix) => url.startsWith(prefix))) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built chat client (renderer) from the same origin as the API, as `npm run serve` does for
 * browsers. Unknown page paths get index.html, so the client's own routes survive a reload.
 */
export async function serveWebClient(app: FastifyInstance, clientDir: string): Promise<boolean> {
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: clientDir, prefix: '/', wildcard: true, index: 'index.html' });
  return true;
}
