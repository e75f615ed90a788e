import { create } from 'zustand';
import type { DesktopBridge } from '../../../../contract/desktop-bridge.ts';
import { shareLinkCodeSchema } from '../../../../contract/join.ts';

/**
 * The code a page address carries: `/join/<code>`, or `?join=<code>` where the server sends such links on
 * (server/join/join-page.ts); null for any other address or a malformed code.
 */
export function joinCodeFromLocation(location: Pick<Location, 'pathname' | 'search'>): string | null {
  const fromQuery = new URLSearchParams(location.search).get('join');
  if (fromQuery !== null) return shareLinkCodeSchema.safeParse(fromQuery).success ? fromQuery : null;
  return joinCodeFromPath(location.pathname);
}

/** The code of a `/join/<code>` page path, or null for any other path (or a malformed code). */
export function joinCodeFromPath(pathname: string): string | null {
  const match = /^\/join\/([^/]+)\/?$/.exec(pathname);
  if (match === null) return null;
  const code = decodeURIComponent(match[1] ?? '');
  return shareLinkCodeSchema.safeParse(code).success ? code : null;
}

/**
 * The join link being opened, if any: from the page's address on the web (`/join/<code>`), or handed over
 * by the desktop app (`meeshy://join/<code>`). While one is open, the join screen is shown.
 */
export const useJoinRoute = create<{ code: string | null }>(() => ({
  code: typeof window === 'undefined' ? null : joinCodeFromLocation(window.location),
}));

export function openJoinLink(code: string): void {
  if (shareLinkCodeSchema.safeParse(code).success) useJoinRoute.setState({ code });
}

/** Done with the link (joined, or set aside): back to the app's own address, so a reload does not reopen it. */
export function closeJoinLink(): void {
  useJoinRoute.setState({ code: null });
  if (joinCodeFromLocation(window.location) !== null) {
    // The page's own address, without the link: relative, as the server may serve it under a prefix.
    const page = joinCodeFromPath(window.location.pathname) === null ? window.location.pathname : '/';
    window.history.replaceState(null, '', page);
  }
}

/**
 * In the desktop app, `meeshy://join/<code>` links (parsed and vetted by the main process) open the join
 * screen. Subscribed once at start-up, before the first render, so a link that launched the app is not
 * missed; returns what stops listening (nothing to stop in a browser).
 */
export function followDesktopJoinLinks(bridge: Pick<DesktopBridge, 'on'> | undefined): () => void {
  if (bridge === undefined) return () => undefined;
  return bridge.on('deep-link', (link) => {
    if (link.kind === 'join') openJoinLink(link.token);
  });
}
