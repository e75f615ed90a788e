import fs from 'node:fs/promises';
import { net, protocol, type Session } from 'electron';
import { pathToFileURL } from 'node:url';
import { DESKTOP_APP_SCHEME } from '../contract/desktop-app.ts';
import { resolveAppRequest } from './app-files.ts';
import { withLocalServer } from './client-page.ts';
import { START_SCRIPT, startPageHtml } from './start-page.ts';
import type { StackStatus } from '../contract/desktop-bridge.ts';

/**
 * Declares `app://` a standard, secure scheme before the app is ready (Electron's rule): standard gives it
 * real origins and relative URLs, secure makes it a secure context (service workers, crypto), and
 * fetch/CORS support lets the page call servers from it. This is the desktop client's fixed origin.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: DESKTOP_APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
    },
  ]);
}

export interface AppContent {
  /** The renderer's build folder. */
  clientDir: string;
  /** The current content security policy (it names the server the page talks to). */
  contentSecurityPolicy: () => string;
  localServerUrl: () => string | undefined;
  stackStatus: () => StackStatus;
  /** The start screen offers to go back to local mode (when Docker mode is the one failing). */
  offerLocalMode: () => boolean;
}

/** Serves `app://meeshy/…`: the client build, the start screen and its script, each with the CSP header. */
export function serveAppScheme(session: Session, content: AppContent): void {
  session.protocol.handle(DESKTOP_APP_SCHEME, async (request) => {
    const headers = { 'content-security-policy': content.contentSecurityPolicy() };
    const answer = resolveAppRequest(request.url, content.clientDir);
    switch (answer.kind) {
      case 'refused':
        return new Response('Not found', { status: 404, headers });
      case 'start-page':
        return new Response(
          startPageHtml(content.stackStatus(), { offerLocalMode: content.offerLocalMode() }),
          {
            headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
          },
        );
      case 'start-script':
        return new Response(START_SCRIPT, { headers: { ...headers, 'content-type': 'text/javascript' } });
      case 'file': {
        if (answer.file.endsWith('index.html')) {
          const html = await fs.readFile(answer.file, 'utf8').catch(() => undefined);
          if (html === undefined) return new Response('The client is not built', { status: 404, headers });
          return new Response(withLocalServer(html, content.localServerUrl()), {
            headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
          });
        }
        const file = await net.fetch(pathToFileURL(answer.file).href).catch(() => undefined);
        if (file === undefined || !file.ok) return new Response('Not found', { status: 404, headers });
        const fileHeaders = new Headers(file.headers);
        fileHeaders.set('content-security-policy', headers['content-security-policy']);
        return new Response(file.body, { status: file.status, headers: fileHeaders });
      }
    }
  });
}
