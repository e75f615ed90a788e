import type { SelfUser } from '../../../../contract/users.ts';
import { baseUrl, session, store } from '../../app/services.ts';
import { uploadOutboxAttachments } from '../attachments/outboxAttachments.ts';
import { pendingFiles } from '../attachments/pendingFilesInstance.ts';
import { request, type MeeshySocket } from '../../lib/realtime/socket.ts';
import { Outbox, type OutboxEntry } from '../chat/outbox.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { ACK_TIMEOUT_MS } from './ackTimeout.ts';
import { ingestMessage, isBeingRead } from './ingest.ts';
import { useOutboxEntries } from './outboxStore.ts';

/** First wait before sending again what the server refused for now (rate limit, trouble); doubles to 30 s. */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

/**
 * Sends the user's durable outbox over the socket: whenever something is queued, after every (re)connect,
 * and again later, backing off, while the server refuses for now. One per signed-in session.
 */
/**
 * Drops a message's stored files once they are no longer needed. Best effort: a store that cannot be
 * opened (no IndexedDB, private browsing) holds nothing to drop, and the message itself is already done.
 */
function forgetFiles(clientMessageId: string): void {
  pendingFiles.forget(clientMessageId).catch(() => undefined);
}

export class OutboxSender {
  private readonly outbox: Outbox;
  private socket: MeeshySocket | null = null;
  private readonly cleanups: (() => void)[] = [];
  /** A later flush, when the server asked to wait (rate limit) or had trouble; grows up to 30 s. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = RETRY_FIRST_MS;

  constructor(
    userId: string,
    private readonly self: () => SelfUser | null,
  ) {
    const outboxKey = `meeshy.outbox.${userId}@${baseUrl}`;
    const outbox = new Outbox(store, outboxKey);
    this.outbox = outbox;
    useOutboxEntries.setState({ entries: outbox.list() });
    // Another window of the same user queued or sent something: show it, and send what it queued.
    const onStorage = (event: StorageEvent) => {
      if (event.key !== outboxKey) return;
      outbox.reload();
      void this.flush();
    };
    window.addEventListener('storage', onStorage);
    this.cleanups.push(
      outbox.subscribe((entries) => {
        useOutboxEntries.setState({ entries });
      }),
      () => {
        window.removeEventListener('storage', onStorage);
      },
    );
  }

  /** The socket to send through; until there is one, messages only wait in the outbox. */
  useSocket(socket: MeeshySocket): void {
    this.socket = socket;
  }

  /** Queues a message (durably) and sends it as soon as the socket is up. */
  send(entry: Omit<OutboxEntry, 'state' | 'createdAt'>): void {
    this.outbox.enqueue(entry);
    void this.flush();
  }

  retry(clientMessageId: string): void {
    this.outbox.retry(clientMessageId);
    void this.flush();
  }

  discard(clientMessageId: string): void {
    this.outbox.discard(clientMessageId);
    forgetFiles(clientMessageId);
  }

  async flush(): Promise<void> {
    const socket = this.socket;
    if (socket === null) return;
    await this.sendQueued(socket);
    clearTimeout(this.retryTimer);
    if (!socket.connected || !this.outbox.hasQueued()) {
      this.retryDelayMs = RETRY_FIRST_MS;
      return;
    }
    // Still connected yet something waits: the server refused for now. Try again later, backing off.
    this.retryTimer = setTimeout(() => void this.flush(), this.retryDelayMs);
    this.retryDelayMs = Math.min(RETRY_MAX_MS, this.retryDelayMs * 2);
  }

  /** Sends nothing more; what waits stays in the durable outbox for the next session. */
  stop(): void {
    clearTimeout(this.retryTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.socket = null;
  }

  private sendQueued(socket: MeeshySocket): Promise<void> {
    const self = this.self();
    if (self === null) return Promise.resolve();
    return this.outbox.flush(
      async (entry) => {
        // Emitting while disconnected would be buffered by socket.io and sent again by our own retry.
        if (!socket.connected) throw new Error('offline');
        // Files go first, over HTTP; a retry uploads them again onto the same attachments.
        const uploads = await uploadOutboxAttachments(
          { baseUrl, accessToken: () => session.accessToken() },
          pendingFiles,
          entry,
        );
        if (!uploads.ok) return { success: false, error: { code: uploads.code, message: uploads.message } };
        return request(
          socket,
          'message:send',
          {
            conversationId: entry.conversationId,
            clientMessageId: entry.clientMessageId,
            content: entry.content,
            ...(entry.originalLanguage === undefined ? {} : { originalLanguage: entry.originalLanguage }),
            ...(entry.replyToId === undefined ? {} : { replyToId: entry.replyToId }),
            ...(uploads.attachmentIds.length === 0 ? {} : { attachmentIds: uploads.attachmentIds }),
          },
          ACK_TIMEOUT_MS,
        );
      },
      (sent) => {
        if (sent.message.attachments.length > 0) forgetFiles(sent.message.clientMessageId);
        ingestMessage(sent.message, self);
        if (isBeingRead(sent.message.conversationId))
          useConversations.getState().markAllRead(sent.message.conversationId);
      },
    );
  }
}
