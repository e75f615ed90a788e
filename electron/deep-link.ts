import { DEEP_LINK_SCHEME } from '../contract/desktop-app.ts';
import type { DeepLink } from '../contract/desktop-bridge.ts';

/**
 * The only two link shapes, matched on the raw text rather than on a parsed URL: a URL parser normalises
 * (`conversation/../settings` becomes `settings`, `%2e` becomes `.`), and a link is accepted only as written.
 * Ids and tokens are plain URL-safe words of up to 128 characters; a trailing slash is tolerated.
 */
const LINK = new RegExp(`^${DEEP_LINK_SCHEME}://(conversation|join)/([A-Za-z0-9_-]{1,128})/?$`, 'i');

/**
 * A `meeshy://` link the operating system handed over: `meeshy://conversation/<id>` or
 * `meeshy://join/<token>`. Everything else is refused (undefined): other actions, extra path parts, a
 * query or fragment, credentials, a port, escapes, or ids that are not plain words.
 */
export function parseDeepLink(raw: unknown): DeepLink | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = LINK.exec(raw);
  if (match === null) return undefined;
  const [, action, value] = match as unknown as [string, string, string];
  return action.toLowerCase() === 'conversation'
    ? { kind: 'conversation', conversationId: value }
    : { kind: 'join', token: value };
}

/** The deep link among a launch's arguments (Windows and Linux pass it as an argument), if any. */
export function deepLinkInArguments(argv: readonly string[]): DeepLink | undefined {
  for (const argument of argv) {
    const link = parseDeepLink(argument);
    if (link !== undefined) return link;
  }
  return undefined;
}
