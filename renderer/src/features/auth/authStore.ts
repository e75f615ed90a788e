import { create } from 'zustand';
import { baseUrl, session } from '../../app/services.ts';
import { clearCacheOnSignOut, signedInOwners } from '../cache/clearOnSignOut.ts';
import { offlineCache } from '../cache/offlineCache.ts';
import { useSessionEnded } from './sessionEnded.ts';
import type { StoredSession } from './sessionManager.ts';

/** React-facing mirror of the session manager: who is signed in, if anyone. */
export const useAuth = create<{ session: StoredSession | null }>(() => ({ session: session.current() }));

session.subscribe((current) => {
  // Signed in again: why the previous sign-in ended is old news.
  if (current !== null) useSessionEnded.setState({ reason: null });
  useAuth.setState({ session: current });
});

clearCacheOnSignOut(session, baseUrl, offlineCache);
// A deletion at sign-out can be lost (the window closed first, the session ended while no window was
// open): at every start, the caches of users no longer signed in on this device go.
try {
  void offlineCache.forgetAllBut(signedInOwners(window.localStorage));
} catch {
  // No localStorage (private mode): no sessions kept, and no cache either.
}
