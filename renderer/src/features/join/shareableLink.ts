import { DEEP_LINK_SCHEME } from '../../../../contract/desktop-app.ts';
import { joinUrl } from '../../../../contract/join.ts';

export interface ShareableLink {
  url: string;
  /**
   * True when the link names no address others can reach (the server is this machine's own): it opens the
   * desktop app of whoever can reach this server, so the writer is told.
   */
  onlyWhereServerIsReachable: boolean;
}

/** Loopback names and addresses: a server there can be reached from this machine only. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * The join link to copy: on the server's public URL when it has one; else on the address this client
 * reaches it at, unless that is a loopback address (a desktop app's local server), which nobody else could
 * open: then a `meeshy://join/<code>` link, which the desktop app of anyone who can reach this server opens.
 */
export function shareableJoinLink(code: string, webUrl: string | null, serverBaseUrl: string): ShareableLink {
  if (webUrl !== null) return { url: webUrl, onlyWhereServerIsReachable: false };
  if (!isLoopbackHost(new URL(serverBaseUrl).hostname))
    return { url: joinUrl(serverBaseUrl, code), onlyWhereServerIsReachable: false };
  return { url: `${DEEP_LINK_SCHEME}://join/${code}`, onlyWhereServerIsReachable: true };
}
