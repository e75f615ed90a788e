import type { IncomingMessage } from 'node:http';
import { isAllowedHost } from '../security/host-policy.ts';

/** Where the server is meant to be reached from: its own names and the web origins the operator listed. */
export interface OriginPolicy {
  allowedOrigins: readonly string[];
  publicHostnames: readonly string[];
}

/**
 * Cross-site WebSocket hijacking defence: CORS does not apply to WebSockets, so a page on another origin
 * could open a socket with the user's cookies or stored token. A request without an Origin header comes
 * from a non-browser client (the Electron main process, tests, bots with their own token) and is allowed;
 * a browser request must come from an origin the operator listed, or from the server's own origin, whose
 * host must itself be one the server answers to (so a rebound name is refused here too).
 */
export function isAllowedOrigin(request: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (policy.allowedOrigins.includes(origin)) return true;
  try {
    const { host } = new URL(origin);
    return host === request.headers.host && isAllowedHost(host, policy.publicHostnames);
  } catch {
    return false;
  }
}

/** The whole admission rule for a browser or socket request: a known Host, and an allowed Origin. */
export function isAllowedRequest(request: IncomingMessage, policy: OriginPolicy): boolean {
  return isAllowedHost(request.headers.host, policy.publicHostnames) && isAllowedOrigin(request, policy);
}
