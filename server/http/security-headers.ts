import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The WebSocket form of a web origin (Socket.IO connects to ws(s):// on the same host). */
function socketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/**
 * Security headers on every answer, through @fastify/helmet:
 * - a strict Content-Security-Policy: scripts only from this server, no framing (clickjacking), no
 *   plugins, and connections only to this server, the origins the operator allowed, and the servers the
 *   user may pick (over TLS, or on this machine);
 * - `nosniff`, so an uploaded or served text is never run as a script;
 * - no Referer leaving the app (conversation ids sit in its URLs).
 * Helmet's `upgrade-insecure-requests` stays off: a local server speaks plain HTTP on loopback, and the
 * upgrade would send the client's requests to an https port nobody listens on.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  allowedOrigins: readonly string[],
): Promise<void> {
  const connectSources = [
    "'self'",
    ...allowedOrigins.flatMap((origin) => [origin, socketOrigin(origin)]),
    // The client can be pointed at another (self-hosted) server the user types in: any one over TLS, or
    // one on this machine; plain http/ws elsewhere stays blocked.
    'https:',
    'wss:',
    ...LOOPBACK_HOSTS.flatMap((host) => [`http://${host}:*`, `ws://${host}:*`]),
  ];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // Voice messages play from the bytes the client fetched (with its token) as a blob: URL.
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: connectSources,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    // The desktop client (app://meeshy) and clients the operator allowed read this server's answers.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // A self-hosted server decides on HSTS at its TLS proxy; a loopback server has no TLS to pin.
    strictTransportSecurity: false,
  });
}
