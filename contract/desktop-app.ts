/**
 * The desktop app's fixed web origin. The Electron shell serves the built client from this privileged
 * custom scheme instead of a random loopback port, so a self-hosted server can allow the desktop app once,
 * for every user, and does so by default.
 */
export const DESKTOP_APP_SCHEME = 'app';
export const DESKTOP_APP_HOST = 'meeshy';
export const DESKTOP_APP_ORIGIN = `${DESKTOP_APP_SCHEME}://${DESKTOP_APP_HOST}`;

/** The scheme of the links that open the desktop app (`meeshy://conversation/<id>`, `meeshy://join/<token>`). */
export const DEEP_LINK_SCHEME = 'meeshy';

/**
 * The `<meta name=…>` through which the desktop app tells its page (served from `app://meeshy`, not by a
 * server) the local server's address; the page uses it in local mode.
 */
export const LOCAL_SERVER_META = 'meeshy-local-server';
