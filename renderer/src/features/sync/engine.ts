import type { MessageDto } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { api } from '../../app/services.ts';
import { useConnection } from '../../lib/realtime/connectionStore.ts';
import type { MeeshySocket } from '../../lib/realtime/socket.ts';
import type { CacheWriter } from '../cache/cacheWriter.ts';
import type { OutboxEntry } from '../chat/outbox.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { openConnection, type Connection } from './connection.ts';
import { ingestMessage } from './ingest.ts';
import { loadConversations, loadDetail, loadHistory, loadTranslationAvailability } from './loaders.ts';
import { OutboxSender } from './outboxSender.ts';
import { resync } from './resync.ts';
import { startFromCache } from './startFromCache.ts';
import { SyncCursor } from './syncCursor.ts';

/**
 * Owns the realtime side of a signed-in session and composes its parts: the start from the offline cache
 * (startFromCache.ts), the socket (connection.ts), the catch-up from the cursor (resync.ts, syncCursor.ts)
 * and the outbox (outboxSender.ts). Started on sign-in, stopped on sign-out; the React tree only reads
 * stores and calls its methods.
 */
export class ChatEngine {
  private self: SelfUser | null = null;
  private cursor: SyncCursor | null = null;
  private sender: OutboxSender | null = null;
  private cacheWriter: CacheWriter | null = null;
  private connection: Connection | null = null;
  /** Bumped by every start/stop, so an older start still awaiting the network does not connect. */
  private generation = 0;

  async start(self: SelfUser): Promise<void> {
    this.stop();
    const generation = this.generation;
    const superseded = () => generation !== this.generation;
    this.self = self;
    const cursor = new SyncCursor(self.id);
    this.cursor = cursor;
    this.sender = new OutboxSender(self.id, () => this.self);

    const cacheWriter = await startFromCache(self, cursor, superseded);
    if (cacheWriter === null) return;
    this.cacheWriter = cacheWriter;

    loadTranslationAvailability();
    await this.loadConversations().catch(() => undefined);
    if (!superseded()) this.connect();
  }

  stop(): void {
    this.generation++;
    this.sender?.stop();
    this.sender = null;
    this.cacheWriter?.stop();
    this.cacheWriter = null;
    this.connection?.close();
    this.connection = null;
    this.cursor = null;
    this.self = null;
    useConnection.getState().setState('offline');
  }

  updateSelf(self: SelfUser): void {
    this.self = self;
  }

  /** Queues a message (durably) and sends it as soon as the socket is up. */
  send(entry: Omit<OutboxEntry, 'state' | 'createdAt'>): void {
    this.sender?.send(entry);
  }

  retry(clientMessageId: string): void {
    this.sender?.retry(clientMessageId);
  }

  discard(clientMessageId: string): void {
    this.sender?.discard(clientMessageId);
  }

  typing(conversationId: string, active: boolean): void {
    const socket = this.connection?.socket;
    if (socket?.connected !== true) return;
    socket.emit(active ? 'typing:start' : 'typing:stop', { conversationId });
  }

  /** Applies an HTTP answer that is a message (edit, reaction), without waiting for its event. */
  ingestIfMessage(value: unknown): void {
    const self = this.self;
    if (self === null || !isMessage(value)) return;
    ingestMessage(value, self);
  }

  /** Subscribe to a conversation created or joined during this connection. */
  join(conversationId: string): void {
    this.connection?.socket.emit('conversation:join', { conversationId }, () => undefined);
  }

  reconnectNow(): void {
    const socket = this.connection?.socket;
    if (socket === undefined) return;
    socket.disconnect();
    socket.connect();
  }

  loadConversations(): Promise<void> {
    return loadConversations(this.self, this.cursor);
  }

  loadDetail(conversationId: string): Promise<void> {
    return loadDetail(conversationId);
  }

  /** Loads the newest page the first time, then older pages from the `before` cursor. */
  loadHistory(conversationId: string, older: boolean): Promise<void> {
    return loadHistory(conversationId, older, this.self);
  }

  async markRead(conversationId: string, messageId: string): Promise<void> {
    useConversations.getState().markAllRead(conversationId);
    await api.markRead(conversationId, messageId).catch(() => undefined);
  }

  private connect(): void {
    const connection = openConnection({
      afterConnect: (socket) => this.afterConnect(socket),
      self: () => this.self,
      reloadDetail: (conversationId) => void this.loadDetail(conversationId),
    });
    this.connection = connection;
    this.sender?.useSocket(connection.socket);
  }

  /**
   * After every (re)connect: catch up from the cursor, then send what waited. The server puts the socket
   * in the rooms of every conversation the user belongs to at connection; only conversations created
   * later are joined explicitly (conversation:join is rate limited).
   */
  private async afterConnect(socket: MeeshySocket): Promise<void> {
    try {
      if (this.cursor !== null) await resync(socket, this.cursor, () => this.self);
      await this.loadConversations().catch(() => undefined);
      // A conversation opened while the server was away shows its cached messages only: fetch its newest
      // page now, which also gives the cursor for the older pages.
      const selected = useConversations.getState().selectedId;
      if (selected !== null && useTimelines.getState().timelines[selected]?.loadedOnce !== true)
        await this.loadHistory(selected, false).catch(() => undefined);
    } finally {
      // Waiting messages go out even when the catch-up failed: each carries its client id, so a later
      // resync cannot duplicate them.
      await this.sender?.flush();
    }
  }
}

function isMessage(value: unknown): value is MessageDto {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    'version' in value &&
    'conversationId' in value
  );
}

export const engine = new ChatEngine();
