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
