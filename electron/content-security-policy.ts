import { DESKTOP_APP_ORIGIN } from '../contract/desktop-app.ts';

/**
 * The page's content security policy. Scripts, styles and images come only from the app's own origin;
 * the page may connect only to the servers it talks to (the local server, or the remote one the user
 * chose, over HTTP and its WebSocket). No inline script, no eval, no plugins, no frames.
 */
export function buildContentSecurityPolicy(servers: readonly string[]): string {
  const connect = new Set<string>([DESKTOP_APP_ORIGIN]);
  for (const server of servers) {
    for (const source of connectSourcesOf(server)) connect.add(source);
  }
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    // React sets style attributes; the built client has no inline <style> of its own.
    ['style-src', "'self'", "'unsafe-inline'"],
    // Attachments are fetched with the access token and shown from blob: URLs (images, voice messages).
    ['img-src', "'self'", 'data:', 'blob:'],
    ['media-src', "'self'", 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', ...connect],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/**
 * The sources a server URL adds: its origin and the matching WebSocket origin. A value that is not a plain
 * http(s) origin is dropped rather than pasted in, since a `;` or a space would add directives of its own.
 */
export function connectSourcesOf(server: string): string[] {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  if (url.username !== '' || url.password !== '') return [];
  const origin = url.origin;
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(origin)) return [];
  return [origin, origin.replace(/^http/, 'ws')];
}
