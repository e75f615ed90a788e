import { LOCAL_SERVER_META } from '../../../../contract/desktop-app.ts';
import { browserStore } from '../../lib/storage.ts';

const KEY = 'meeshy.serverUrl';

/** Used when the page does not come from a Meeshy server and was not told where the local one is. */
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
  if (protocol === 'http:' || protocol === 'https:') return origin;
  // The desktop app serves the page from its own origin (app://meeshy) and names its local server here.
  const desktopLocal = document.querySelector<HTMLMetaElement>(`meta[name="${LOCAL_SERVER_META}"]`)?.content;
  return desktopLocal !== undefined && desktopLocal !== '' ? desktopLocal : FALLBACK_LOCAL_SERVER;
}
