import path from 'node:path';
import { isAppUrl } from './app-origin.ts';

/** Paths of the app origin that the main process answers itself (the start screen), not from the client build. */
export const START_PAGE_PATH = '/__start';
export const START_SCRIPT_PATH = '/__start.js';

export type AppRequest =
  { kind: 'file'; file: string } | { kind: 'start-page' } | { kind: 'start-script' } | { kind: 'refused' };

/**
 * What an `app://meeshy/...` request serves. Files come only from inside the client's build folder:
 * `..`, encoded separators and absolute paths cannot reach out of it. A path without a file extension is a
 * client-side route and gets `index.html` (the single-page app routes itself).
 */
export function resolveAppRequest(requestUrl: string, clientDir: string): AppRequest {
  if (!isAppUrl(requestUrl)) return { kind: 'refused' };
  const { pathname } = new URL(requestUrl);
  if (pathname === START_PAGE_PATH) return { kind: 'start-page' };
  if (pathname === START_SCRIPT_PATH) return { kind: 'start-script' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'refused' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const root = path.resolve(clientDir);
  const wanted = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (wanted !== root && !wanted.startsWith(root + path.sep)) return { kind: 'refused' };
  if (wanted === root || path.extname(wanted) === '')
    return { kind: 'file', file: path.join(root, 'index.html') };
  return { kind: 'file', file: wanted };
}
