import type { IncomingMessage } from 'node:http';

/**
 * Cross-site WebSocket hijacking defence: CORS does not apply to WebSockets, so a page on another origin
 * could open a socket with the user's cookies or stored token. A request without an Origin header comes
 * from a non-browser client (the Electron main process, tests, bots with their own token) and is allowed;
 * a browser request must come from the server's own origin or one the operator listed.
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
