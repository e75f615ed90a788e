import type { SessionEndReason } from '../../contract/auth.ts';
import type { ServerToClientEvents } from '../../contract/events.ts';

type EventName = keyof ServerToClientEvents;
type EventArgs<E extends EventName> = Parameters<ServerToClientEvents[E]>;

/**
 * What services need from the realtime layer. Services decide what happened; the publisher decides how
 * it reaches the sockets. Keeping it an interface lets REST and socket handlers share one service.
 */
export interface RealtimePublisher {
  toConversation<E extends EventName>(conversationId: string, event: E, ...args: EventArgs<E>): void;
  /** Once to each socket in any of these conversations, however many of them it shares. */
  toConversations<E extends EventName>(
    conversationIds: readonly string[],
    event: E,
    ...args: EventArgs<E>
  ): void;
  toUser<E extends EventName>(userId: string, event: E, ...args: EventArgs<E>): void;
  /** Every signed-in account's sockets; never a guest's, who hear only of their own conversation. */
  toEveryone<E extends EventName>(event: E, ...args: EventArgs<E>): void;
  /** Makes the user's open sockets receive the conversation's events from now on. */
  subscribeUser(userId: string, conversationId: string): void;
  unsubscribeUser(userId: string, conversationId: string): void;
}

export interface PresenceReader {
  isOnline(userId: string): boolean;
}

export interface SessionEnder {
  /** Tells the sign-in's open sockets why it ended, then disconnects them; other sign-ins stay connected. */
  endSession(sessionId: string, reason: SessionEndReason): void;
}
