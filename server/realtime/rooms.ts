/** Socket.IO room names, in one place so that publishers and subscribers never disagree. */
export const conversationRoom = (conversationId: string): string => `conversation:${conversationId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
/** Every socket opened with an access token of one sign-in: they end together when it does. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
