import { z } from 'zod';
import type { SessionEndReason } from './auth.ts';
import type { ErrorCode } from './errors.ts';
import type { ConversationSummary } from './conversations.ts';
import { idSchema } from './common.ts';
import type { MessageDto, SyncPage } from './messages.ts';
import { socketSendMessageSchema, syncQuerySchema } from './messages.ts';
import type { PublicUser } from './users.ts';
import type { MessageTranslationDto, ModelProgressEvent, TranslationFailedEvent } from './translations.ts';

/** The reply to every client event that asks for one. */
export type Ack<T> =
  { success: true; data: T } | { success: false; error: { code: ErrorCode; message: string } };

export { socketSendMessageSchema };
export type SocketSendMessage = z.infer<typeof socketSendMessageSchema>;
export const conversationRefSchema = z.object({ conversationId: idSchema });
export const socketSyncSchema = syncQuerySchema;

export interface SentMessage {
  messageId: string;
  message: MessageDto;
  /** True when this send was a retry of one the server already stored. */
  duplicate: boolean;
}

export interface ClientToServerEvents {
  'message:send': (payload: unknown, ack: (reply: Ack<SentMessage>) => void) => void;
  'typing:start': (payload: unknown) => void;
  'typing:stop': (payload: unknown) => void;
  /** Subscribe this socket to a conversation's room (membership is checked). */
  'conversation:join': (payload: unknown, ack: (reply: Ack<{ conversationId: string }>) => void) => void;
  /** Everything that changed after the client's cursor, oldest change first. */
  sync: (payload: unknown, ack: (reply: Ack<SyncPage>) => void) => void;
}

export interface TypingEvent {
  conversationId: string;
  userId: string;
  username: string;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageDto) => void;
  'message:edited': (message: MessageDto) => void;
  'message:deleted': (event: { conversationId: string; messageId: string; version: number }) => void;
  'reaction:added': (message: MessageDto) => void;
  'reaction:removed': (message: MessageDto) => void;
  'conversation:read': (event: {
    conversationId: string;
    userId: string;
    messageId: string;
    /** The message's seq: the reader has read everything up to it. */
    seq: number;
    readAt: string;
  }) => void;
  'conversation:new': (conversation: ConversationSummary) => void;
  'conversation:updated': (event: { conversationId: string }) => void;
  /** This user is no longer a member: they left (maybe from another window) or were removed. */
  'conversation:removed': (event: { conversationId: string; reason: 'left' | 'removed' }) => void;
  'typing:start': (event: TypingEvent) => void;
  'typing:stop': (event: TypingEvent) => void;
  'user:status': (event: { userId: string; isOnline: boolean; lastSeenAt: string | null }) => void;
  /**
   * Someone who shares a conversation with this user changed how they are shown (their display name): the
   * client updates its members and senders, and mentions of them read the new name at once.
   */
  'user:updated': (user: PublicUser) => void;
  /**
   * A message sent without a language got one (detected, or the sender's own when too short to tell):
   * readers can now tell whether a translation is coming for them.
   */
  'message:language': (message: MessageDto) => void;
  /** One translation of one message is ready (one event per language). */
  'message:translation': (translation: MessageTranslationDto) => void;
  /** A translation failed for good; the reader keeps the original. */
  'translation:failed': (event: TranslationFailedEvent) => void;
  /** The translation service changed state; while it is not serving, translations wait for it. */
  'translator:status': (event: { state: 'serving' | 'not-serving' | 'unreachable' }) => void;
  /** A translation model's state or download progress changed. */
  'model:progress': (event: ModelProgressEvent) => void;
  /** The access token the socket was opened with has expired: refresh and reconnect. */
  'auth:token-expired': () => void;
  /**
   * The sign-in this socket belongs to has ended (signed out, revoked after a refresh token was replayed,
   * or too old); the server disconnects the socket right after. Refreshing cannot help: sign in again.
   * Other sign-ins of the same user are not affected.
   */
  'auth:session-ended': (event: { reason: SessionEndReason }) => void;
  error: (event: { code: ErrorCode; message: string }) => void;
}
