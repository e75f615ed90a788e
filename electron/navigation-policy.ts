import { isAppUrl } from './app-origin.ts';

/**
 * Where the window may go by itself (a link, `location =`, a redirect): only the app's own pages. Anything
 * else is handled by `externalUrlToOpen` (the system browser), never loaded into the window, which holds
 * the user's session and the preload bridge.
 */
export function mayNavigate(target: string): boolean {
  return isAppUrl(target);
}
