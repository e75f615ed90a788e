/** Socket.IO room names, in one place so that publishers and subscribers never disagree. */
export const conversationRoom = (conversationId: string): string => `conversation:${conversationId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
/** Every socket opened with an access token of one sign-in: they end together when it does. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
/**
 * Every socket of a signed-in account, guests' excepted: what the server says "to everyone" (the translator's
 * state, model downloads) goes here, so a guest hears only of the one conversation they joined.
 */
export const ACCOUNTS_ROOM = 'accounts';
