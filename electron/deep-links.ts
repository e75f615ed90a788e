import { app } from 'electron';
import { DEEP_LINK_SCHEME } from '../contract/desktop-app.ts';
import type { DeepLink } from '../contract/desktop-bridge.ts';
import { deepLinkInArguments, parseDeepLink } from './deep-link.ts';

/**
 * `meeshy://` links: the app registers itself as their handler, then receives them from three places: its
 * own launch arguments (Windows, Linux), a second launch's arguments (handed over by the single-instance
 * lock, see main.ts), and macOS's `open-url`. Each is parsed and vetted before `deliver` sees it.
 */
export function listenForDeepLinks(deliver: (link: DeepLink) => void): void {
  if (process.defaultApp && process.argv[1] !== undefined) {
    // In development Electron runs as `electron <main script>`: the handler needs the script too.
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link !== undefined) deliver(link);
  });
  const atLaunch = deepLinkInArguments(process.argv);
  if (atLaunch !== undefined) deliver(atLaunch);
}

export { deepLinkInArguments };
