import { LOCAL_SERVER_META } from '../contract/desktop-app.ts';
import { connectSourcesOf } from './content-security-policy.ts';

/**
 * The client's `index.html` with the local server's address in a meta tag: the page is served from the app's
 * own origin, so it cannot guess the server's random loopback port. Only a plain http(s) origin is written.
 */
export function withLocalServer(indexHtml: string, localServerUrl: string | undefined): string {
  const origin = localServerUrl === undefined ? undefined : connectSourcesOf(localServerUrl)[0];
  if (origin === undefined) return indexHtml;
  const meta = `<meta name="${LOCAL_SERVER_META}" content="${origin}">`;
  return indexHtml.replace(/<head([^>]*)>/i, (head) => `${head}${meta}`);
}
