import { DESKTOP_APP_HOST, DESKTOP_APP_SCHEME } from '../contract/desktop-app.ts';

/**
 * Whether `raw` is a URL of the app's own origin (`app://meeshy`). Compared part by part on the parsed URL:
 * Node and Chromium answer `null` for `URL.origin` of a custom scheme, and a prefix test on the string is
 * fooled by `app://meeshy.evil.example` or `app://meeshy@evil.example`.
 */
export function isAppUrl(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === `${DESKTOP_APP_SCHEME}:` &&
    url.hostname === DESKTOP_APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
