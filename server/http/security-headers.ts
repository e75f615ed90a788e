import type { FastifyInstance } from 'fastify';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The WebSocket form of a web origin (Socket.IO connects to ws(s):// on the same host). */
function socketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/**
 * Security headers on every answer (@fastify/helmet is not installed; these are the few we need):
 * - a strict Content-Security-Policy: scripts only from this server, no framing (clickjacking), no
 *   plugins, and connections only to this server, the origins the operator allowed, and the servers the
 *   user may pick (over TLS, or on this machine);
 * - `nosniff`, so an uploaded or served text is never run as a script;
 * - no Referer leaving the app (conversation ids sit in its URLs).
 */
export function installSecurityHeaders(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const connectSources = [
    "'self'",
    ...allowedOrigins.flatMap((origin) => [origin, socketOrigin(origin)]),
    // The client can be pointed at another (self-hosted) server the user types in: any one over TLS, or
    // one on this machine; plain http/ws elsewhere stays blocked.
    'https:',
    'wss:',
    ...LOOPBACK_HOSTS.flatMap((host) => [`http://${host}:*`, `ws://${host}:*`]),
  ];
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connectSources.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', policy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    return payload;
  });
}
