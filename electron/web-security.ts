import { app, shell, type Session, type WebContents } from 'electron';
import { externalUrlToOpen } from './external-url.ts';
import { mayNavigate } from './navigation-policy.ts';
import { isPermissionGranted } from './permission-policy.ts';

/**
 * The rules every web page of the app lives under, wired once for every WebContents Electron creates:
 * no navigation off the app's origin, no new windows (a web link opens in the system browser after the
 * external URL filter), no <webview>, and permissions denied except notifications and the microphone.
 */
export function enforceWebSecurity(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionGranted(permission, contents.getURL(), mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, requestingOrigin, details.mediaType ? [details.mediaType] : []),
  );
  app.on('web-contents-created', (_event, contents) => {
    guardContents(contents);
  });
}

function guardContents(contents: WebContents): void {
  const refuseNavigation = (event: Electron.Event, url: string) => {
    if (mayNavigate(url)) return;
    event.preventDefault();
    openOutside(url);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}

/** Opens a vetted web or mail link in the system's handler; anything else is dropped. */
export function openOutside(url: unknown): boolean {
  const vetted = externalUrlToOpen(url);
  if (vetted === undefined) return false;
  void shell.openExternal(vetted);
  return true;
}
