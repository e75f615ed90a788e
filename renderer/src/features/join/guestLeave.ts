import { api, session } from '../../app/services.ts';

/**
 * A guest leaves for good: the server removes them and ends their sign-in, and this device forgets it
 * first, so the server's own "session ended" is no surprise to show. Coming back takes a new link.
 */
export async function leaveAsGuest(conversationId: string): Promise<void> {
  await api.leaveConversation(conversationId);
  session.clear();
}
