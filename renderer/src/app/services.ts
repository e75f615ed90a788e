import { createHttpClient } from '../lib/api/httpClient.ts';
import { createMeeshyApi } from '../lib/api/meeshyApi.ts';
import { browserStore } from '../lib/storage.ts';
import { SessionManager } from '../features/auth/sessionManager.ts';
import { useSessionEnded } from '../features/auth/sessionEnded.ts';
import { serverBaseUrl } from '../features/server/serverUrl.ts';
import { createTranslationClient } from '../features/translation/translationClient.ts';
import { createJoinApi } from '../features/join/joinApi.ts';

/** Runs fn while holding a lock shared by every tab of this origin; plain call where Web Locks are missing. */
function webLock(name: string) {
  return async <T>(fn: () => Promise<T>): Promise<T> =>
    'locks' in navigator ? await navigator.locks.request(name, fn) : await fn();
}

/** Resolved once at start-up: switching server reloads the page, so everything below follows it. */
export const baseUrl = serverBaseUrl();
export const store = browserStore();

export const session: SessionManager = new SessionManager({
  store,
  // One session per server: signing in to a self-hosted server must not clobber the local one.
  storageKey: `meeshy.session@${baseUrl}`,
  refresh: (refreshToken) => api.refresh(refreshToken),
  withLock: webLock(`meeshy.refresh@${baseUrl}`),
  // The sign-in screen then says why, even when the socket's auth:session-ended did not arrive first.
  onRevoked: (reason) => {
    useSessionEnded.setState({ reason });
  },
});

const http = createHttpClient({
  baseUrl: () => baseUrl,
  getAccessToken: () => session.accessToken(),
  forceRefresh: async () => (await session.refresh())?.accessToken ?? null,
});

export const api = createMeeshyApi(http);
export const translationApi = createTranslationClient(http);
export const joinApi = createJoinApi(http);

window.addEventListener('storage', (event) => {
  if (event.key === `meeshy.session@${baseUrl}`) session.reloadFromStore();
});
