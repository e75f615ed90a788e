import { browserStore } from '../../lib/storage.ts';

const KEY = 'meeshy.serverUrl';

/** Used when the page does not come from a Meeshy server (file:// in Electron before its bridge exists). */
const FALLBACK_LOCAL_SERVER = 'http://127.0.0.1:3001';

/** The custom server chosen by the user, or null for "the server this page comes from". */
export function customServerUrl(): string | null {
  return browserStore().getItem(KEY);
}

export function setCustomServerUrl(url: string | null): void {
  if (url === null) browserStore().removeItem(KEY);
  else browserStore().setItem(KEY, normaliseServerUrl(url));
}

export function normaliseServerUrl(url: string): string {
  const parsed = new URL(url.trim());
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/** Base URL of every HTTP call and of the socket. */
export function serverBaseUrl(): string {
  const custom = customServerUrl();
  if (custom !== null) return custom;
  const { protocol, origin } = window.location;
  return protocol === 'http:' || protocol === 'https:' ? origin : FALLBACK_LOCAL_SERVER;
}
