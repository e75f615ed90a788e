import { api, session } from '../../app/services.ts';

/** Revoke the refresh token on the server (best effort: offline sign-out must still work locally). */
export async function signOut(): Promise<void> {
  const current = session.current();
  session.clear();
  if (current !== null) await api.logout(current.refreshToken).catch(() => undefined);
}
