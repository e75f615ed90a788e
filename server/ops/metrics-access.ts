import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../../contract/errors.ts';
import type { ServerMetrics } from './metrics.ts';

/** Who may read `/metrics`: they describe the server's traffic, users and timings, not for everyone. */
export interface MetricsAccess {
  /** False when `/metrics` lives on its own loopback listener (MEESHY_METRICS_PORT) instead of the main port. */
  servedHere: boolean;
  /** When set, only requests with `Authorization: Bearer <token>` are answered, from anywhere. */
  token?: string | undefined;
}

function isLoopback(address: string): boolean {
  const bare = address.replace(/^::ffff:/i, '');
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Why this request may not read the metrics, or undefined when it may. With a token, the token decides.
 * Without one, only a client on this machine (by `request.ip`, so behind a trusted proxy the forwarded
 * address) is answered: a local server is unchanged, a self-hosted one no longer shows them to the world.
 */
function refusal(
  request: FastifyRequest,
  access: MetricsAccess,
): { status: number; body: ApiErrorBody } | undefined {
  if (access.token !== undefined) {
    if (bearerMatches(request.headers.authorization, access.token)) return undefined;
    return {
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: 'Metrics need the metrics token' } },
    };
  }
  if (isLoopback(request.ip)) return undefined;
  return {
    status: 403,
    body: {
      error: {
        code: 'FORBIDDEN',
        message:
          'Metrics are served to this machine only; set MEESHY_METRICS_TOKEN to read them from elsewhere',
      },
    },
  };
}

/** Serves `/metrics` on `app` under the access rule. */
export function serveMetrics(app: FastifyInstance, metrics: ServerMetrics, access: MetricsAccess): void {
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    const refused = refusal(request, access);
    if (refused) return reply.status(refused.status).send(refused.body);
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

/**
 * `/metrics` on a listener of its own on 127.0.0.1 (MEESHY_METRICS_PORT), so a self-hosted server's
 * public port never serves them: a scraper on the machine (or a sidecar) reads them there.
 */
export async function listenForMetricsAlone(
  metrics: ServerMetrics,
  port: number,
  token: string | undefined,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  serveMetrics(app, metrics, { servedHere: true, token });
  await app.listen({ host: '127.0.0.1', port });
  return app;
}
