import { create } from 'zustand';
import { session } from '../../app/services.ts';
import type { StoredSession } from './sessionManager.ts';

/** React-facing mirror of the session manager: who is signed in, if anyone. */
export const useAuth = create<{ session: StoredSession | null }>(() => ({ session: session.current() }));

session.subscribe((current) => {
  useAuth.setState({ session: current });
});
