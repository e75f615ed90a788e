import type { SentMessage } from '../../contract/events.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { MessageDto, MessagePage, SendMessageBody, SyncPage } from '../../contract/messages.ts';
import type { ConversationStore } from '../db/stores/conversations.ts';
import type { MessageStore } from '../db/stores/messages.ts';
import type { UserStore } from '../db/stores/users.ts';
import { AppError, forbidden, messageNotFound } from '../errors.ts';
import { requireMember } from './access.ts';
import { requireMentionedMembers } from './mentions.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { RealtimePublisher } from './realtime-publisher.ts';
import type { UserRateLimiter } from './user-rate-limiter.ts';
import type { AttachmentService } from '../attachments/attachment-service.ts';

export interface MessageServiceDeps {
  repository: MessageStore & ConversationStore & Pick<UserStore, 'findUsersByIds'>;
  publisher: RealtimePublisher;
  sendLimiter: UserRateLimiter;
  /** Checks the uploads a message names, and releases a deleted message's files; absent, sends take none. */
  attachments?: Pick<AttachmentService, 'checkForSend' | 'release'> | undefined;
  onMessageStored?: (transport: 'socket' | 'rest') => void;
  /** New translation work was stored with a message (a send or an edit). */
  onTranslationQueued?: () => void;
}

export class MessageService {
  constructor(private readonly deps: MessageServiceDeps) {}

  /** The one send pipeline behind both `message:send` and `POST /api/conversations/:id/messages`. */
  async send(
    userId: string,
    conversationId: string,
    body: SendMessageBody,
    transport: 'socket' | 'rest',
  ): Promise<SentMessage> {
    const { repository, publisher } = this.deps;
    // Membership first: a member removed since the first send must not read the message's current state
    // (reactions, edits made since) through a retry.
    await requireMember(repository, conversationId, userId);
    let stored: { message: MessageDto; duplicate: boolean };
    try {
      // A retry whose first attempt is stored comes back from the insert (the client id is a unique key).
      stored = await this.store(userId, conversationId, body);
    } catch (error) {
      // Or from here, when a check refuses it (the rate limit, a mention of a member who left since): the
      // client may never have received the first answer, and a refusal would make it believe the send
      // failed. Looked up only then: a lookup before every send cost 3 % of the event loop under load.
      const first = await repository
        .findMessageByClientId(conversationId, userId, body.clientMessageId)
        .catch(() => undefined);
      if (first) return { messageId: first.id, message: first, duplicate: true };
      throw error;
    }
    const { message, duplicate } = stored;
    // A retry stores nothing: the unit of budget it took goes back, so a client resending its outbox after a
    // reconnection is not refused its next new messages. Best effort: a refund that fails only costs a unit.
    if (duplicate) await this.deps.sendLimiter.refund(userId).catch(() => undefined);
    else {
      this.deps.onMessageStored?.(transport);
      this.deps.onTranslationQueued?.();
      publisher.toConversation(conversationId, 'message:new', message);
    }
    return { messageId: message.id, message, duplicate };
  }

  /** A send's checks, then its insert (which answers a retry with the message first stored). */
  private async store(
    userId: string,
    conversationId: string,
    body: SendMessageBody,
  ): Promise<{ message: MessageDto; duplicate: boolean }> {
    const { repository, sendLimiter } = this.deps;
    await sendLimiter.consume(userId);
    if (body.replyToId !== undefined) await this.requireMessageIn(conversationId, body.replyToId);
    const attachmentIds = body.attachmentIds ?? [];
    if (attachmentIds.length > 0) {
      if (!this.deps.attachments) throw new AppError(400, 'BAD_REQUEST', 'This server takes no attachments');
      await this.deps.attachments.checkForSend(userId, conversationId, body.clientMessageId, attachmentIds);
    }
    await requireMentionedMembers(repository, conversationId, body.content);
    return repository.insertMessage({
      id: timeOrderedId(),
      conversationId,
      senderId: userId,
      clientMessageId: body.clientMessageId,
      content: body.content,
      originalLanguage: body.originalLanguage ?? null,
      replyToId: body.replyToId ?? null,
      createdAt: new Date().toISOString(),
      attachmentIds,
    });
  }

  async history(
    userId: string,
    conversationId: string,
    before: number | undefined,
    limit: number,
  ): Promise<MessagePage> {
    await requireMember(this.deps.repository, conversationId, userId);
    const newestFirst = await this.deps.repository.listMessages(conversationId, before, limit);
    const oldest = newestFirst.at(-1);
    return {
      messages: newestFirst.reverse(),
      nextCursor: newestFirst.length === limit && oldest ? oldest.seq : null,
    };
  }

  async edit(
    userId: string,
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<MessageDto> {
    const message = await this.requireOwnMessage(userId, conversationId, messageId, 'edit');
    await requireMentionedMembers(this.deps.repository, conversationId, content);
    // An edit re-translates the message: it spends the same budget as a send.
    await this.deps.sendLimiter.consume(userId);
    const edited = await this.deps.repository.editMessage(message.id, content, new Date().toISOString());
    this.deps.onTranslationQueued?.();
    this.deps.publisher.toConversation(conversationId, 'message:edited', edited);
    return edited;
  }

  async remove(userId: string, conversationId: string, messageId: string): Promise<void> {
    const message = await this.requireOwnMessage(userId, conversationId, messageId, 'delete');
    const deleted = await this.deps.repository.deleteMessage(message.id, new Date().toISOString());
    await this.deps.attachments?.release(message.id);
    this.deps.publisher.toConversation(conversationId, 'message:deleted', {
      conversationId,
      messageId: deleted.id,
      version: deleted.version,
    });
  }

  async react(userId: string, conversationId: string, messageId: string, emoji: string): Promise<MessageDto> {
    await requireMember(this.deps.repository, conversationId, userId);
    const message = await this.requireLiveMessageIn(conversationId, messageId);
    const isNewEmoji = !message.reactions.some((reaction) => reaction.emoji === emoji);
    if (isNewEmoji && message.reactions.length >= LIMITS.reactionsPerMessageMax) {
      throw new AppError(
        409,
        'TOO_MANY_REACTIONS',
        `A message takes at most ${LIMITS.reactionsPerMessageMax} different reactions`,
      );
    }
    const updated = await this.deps.repository.addReaction(
      message.id,
      userId,
      emoji,
      new Date().toISOString(),
    );
    if (!updated) return message;
    this.deps.publisher.toConversation(conversationId, 'reaction:added', updated);
    return updated;
  }

  async unreact(
    userId: string,
    conversationId: string,
    messageId: string,
    emoji: string,
  ): Promise<MessageDto> {
    await requireMember(this.deps.repository, conversationId, userId);
    const message = await this.requireMessageIn(conversationId, messageId);
    const updated = await this.deps.repository.removeReaction(message.id, userId, emoji);
    if (!updated) return message;
    this.deps.publisher.toConversation(conversationId, 'reaction:removed', updated);
    return updated;
  }

  async markRead(userId: string, conversationId: string, messageId: string): Promise<void> {
    await requireMember(this.deps.repository, conversationId, userId);
    const message = await this.requireMessageIn(conversationId, messageId);
    const moved = await this.deps.repository.markRead(conversationId, userId, message.seq);
    if (moved) {
      this.deps.publisher.toConversation(conversationId, 'conversation:read', {
        conversationId,
        userId,
        messageId,
        seq: message.seq,
        readAt: new Date().toISOString(),
      });
    }
  }

  /** Everything changed in the user's conversations after `since`, oldest change first. */
  async sync(userId: string, since: number, limit: number): Promise<SyncPage> {
    const messages = await this.deps.repository.changesForUser(userId, since, limit);
    return { messages, cursor: messages.at(-1)?.version ?? since, hasMore: messages.length === limit };
  }

  private async requireMessageIn(conversationId: string, messageId: string): Promise<MessageDto> {
    const message = await this.deps.repository.findMessage(messageId);
    if (!message || message.conversationId !== conversationId) throw messageNotFound();
    return message;
  }

  private async requireLiveMessageIn(conversationId: string, messageId: string): Promise<MessageDto> {
    const message = await this.requireMessageIn(conversationId, messageId);
    if (message.deletedAt !== null) throw messageNotFound();
    return message;
  }

  private async requireOwnMessage(
    userId: string,
    conversationId: string,
    messageId: string,
    action: string,
  ): Promise<MessageDto> {
    await requireMember(this.deps.repository, conversationId, userId);
    const message = await this.requireLiveMessageIn(conversationId, messageId);
    if (message.sender.id !== userId) throw forbidden(`Only the author can ${action} a message`);
    if (message.deletedAt !== null) throw new AppError(409, 'CONFLICT', 'Message already deleted');
    return message;
  }
}
