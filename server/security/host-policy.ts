import net from 'node:net';

/** Names every machine gives to itself: a request carrying one was sent to this machine on purpose. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host part of a `Host` header (`name:port`, `[v6]:port`), lower-cased; undefined when unreadable. */
function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding defence. A page on `evil.example` whose name an attacker re-points at 127.0.0.1 reaches
 * this server with `Host: evil.example:<port>`; a server that answers it hands the page its API as if
 * same-origin. So the server answers only the names it is meant to be reached by: loopback names, the
 * public hostnames the operator configured, and bare IP addresses (a page is never served from an IP
 * literal it does not own, so an IP cannot be rebound).
 */
export function isAllowedHost(hostHeader: string | undefined, publicHostnames: readonly string[]): boolean {
  if (hostHeader === undefined || hostHeader === '') return false;
  const hostname = hostnameOf(hostHeader);
  if (hostname === undefined) return false;
  if (LOOPBACK_NAMES.has(hostname)) return true;
  if (net.isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return true;
  return publicHostnames.some((allowed) => allowed.toLowerCase() === hostname);
}
