import type { MessageDto } from '../../../contract/messages.ts';

// The messages, their reactions, and the change feed clients resync from.

export interface NewMessage {
  id: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  content: string;
  originalLanguage: string | null;
  replyToId: string | null;
  createdAt: string;
  /** Uploads (checked by the caller) that become this message's attachments in the insert's transaction. */
  attachmentIds?: readonly string[];
}

export interface MessageStore {
  /**
   * Stores a message, and the job that will translate it, in one transaction, unless the sender already sent one with the same client id to this conversation,
   * in which case the original comes back with duplicate=true.
   */
  insertMessage(message: NewMessage): Promise<{ message: MessageDto; duplicate: boolean }>;
  findMessage(id: string): Promise<MessageDto | undefined>;
  /** The message a sender already sent to a conversation under this client id, if any. */
  findMessageByClientId(
    conversationId: string,
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageDto | undefined>;
  /** Newest first, strictly before `beforeSeq` when given. */
  listMessages(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessageDto[]>;
  /** Replaces the text; its translations and pending translation work go, and a new translation job comes. */
  editMessage(id: string, content: string, at: string): Promise<MessageDto>;
  /**
   * Soft delete: the text and its translations are erased, the row stays so that resyncing clients learn
   * of the deletion.
   */
  deleteMessage(id: string, at: string): Promise<MessageDto>;
  /** Returns the updated message, or undefined when the reaction was already there. */
  addReaction(messageId: string, userId: string, emoji: string, at: string): Promise<MessageDto | undefined>;
  /** Returns the updated message, or undefined when there was no such reaction. */
  removeReaction(messageId: string, userId: string, emoji: string): Promise<MessageDto | undefined>;
  /** Messages of the user's conversations changed after `sinceVersion`, oldest change first. */
  changesForUser(userId: string, sinceVersion: number, limit: number): Promise<MessageDto[]>;
}
