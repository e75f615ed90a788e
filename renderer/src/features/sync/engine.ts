import type { Ack } from '../../../../contract/events.ts';
import type { MessageDto, SyncPage } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { api, baseUrl, session, store, translationApi } from '../../app/services.ts';
import { createSocket, onSessionEnded, request, type MeeshySocket } from '../../lib/realtime/socket.ts';
import { endSession } from '../auth/sessionEnded.ts';
import { startCacheWriter, type CacheWriter } from '../cache/cacheWriter.ts';
import { asSoleWriter } from '../cache/soleWriter.ts';
import { cacheOwner } from '../cache/cacheOwner.ts';
import { applyCachedState, resyncCursor } from '../cache/hydrate.ts';
import { offlineCache } from '../cache/offlineCache.ts';
import { useConnection } from '../../lib/realtime/connectionStore.ts';
import { Outbox, type OutboxEntry } from '../chat/outbox.ts';
import { useLive } from '../chat/liveStore.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { requestTicket, useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { ingestMessage, ingestTranslations, isBeingRead } from './ingest.ts';
import { useOutboxEntries } from './outboxStore.ts';
import { bindSocketEvents } from './socketEvents.ts';

const ACK_TIMEOUT_MS = 10_000;
/** First wait before sending again what the server refused for now (rate limit, trouble); doubles to 30 s. */
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;
const SERVER_KICK_RECONNECT_MS = 500;

/**
 * Owns the realtime side of a signed-in session: the socket, the resync cursor and the outbox.
 * Started on sign-in, stopped on sign-out; the React tree only reads stores and calls its methods.
 */
export class ChatEngine {
  private socket: MeeshySocket | null = null;
  private outbox: Outbox | null = null;
  private cursorKey = '';
  private cursor = 0;
  private self: SelfUser | null = null;
  private cacheWriter: CacheWriter | null = null;
  private readonly cleanups: (() => void)[] = [];
  /** Bumped by every start/stop, so an older start still awaiting the network does not connect. */
  private generation = 0;
  /** A later flush, when the server asked to wait (rate limit) or had trouble; grows up to 30 s. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = RETRY_FIRST_MS;

  async start(self: SelfUser): Promise<void> {
    this.stop();
    const generation = this.generation;
    this.self = self;
    this.cursorKey = `meeshy.cursor.${self.id}@${baseUrl}`;
    this.cursor = Number(store.getItem(this.cursorKey) ?? '0');
    const outboxKey = `meeshy.outbox.${self.id}@${baseUrl}`;
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

    // What this device kept of the conversations shows at once, before any request is made (see
    // applyCachedState); the server's answers then replace it. A missing or failing cache just means none.
    const owner = cacheOwner(self.id, baseUrl);
    const cached = await offlineCache.load(owner);
    if (generation !== this.generation) return;
    if (cached !== null && applyCachedState(cached))
      this.cursor = resyncCursor(this.cursor, cached.list.cursor);
    this.cacheWriter = asSoleWriter(owner, (storesMatchCache) =>
      startCacheWriter(
        offlineCache,
        owner,
        {
          // A session already ended must not write, even before this engine is stopped.
          isCurrent: () => session.current()?.user.id === self.id,
          cursor: () => this.cursor,
        },
        { storesMatchCache },
      ),
    );

    void translationApi.languages().then(
      (languages) => {
        useTranslations.getState().setAvailability(languages);
      },
      () => {
        useTranslations.getState().setAvailability(null);
      },
    );

    await this.loadConversations().catch(() => undefined);
    if (generation === this.generation) this.connect();
  }

  stop(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryDelayMs = RETRY_FIRST_MS;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.cacheWriter?.stop();
    this.cacheWriter = null;
    this.socket?.disconnect();
    this.socket = null;
    this.outbox = null;
    this.self = null;
    useConnection.getState().setState('offline');
  }

  updateSelf(self: SelfUser): void {
    this.self = self;
  }

  /** Queues a message (durably) and sends it as soon as the socket is up. */
  send(entry: Omit<OutboxEntry, 'state' | 'createdAt'>): void {
    if (this.outbox === null) return;
    this.outbox.enqueue(entry);
    void this.flush();
  }

  retry(clientMessageId: string): void {
    this.outbox?.retry(clientMessageId);
    void this.flush();
  }

  discard(clientMessageId: string): void {
    this.outbox?.discard(clientMessageId);
  }

  typing(conversationId: string, active: boolean): void {
    if (this.socket?.connected !== true) return;
    this.socket.emit(active ? 'typing:start' : 'typing:stop', { conversationId });
  }

  /** Applies an HTTP answer that is a message (edit, reaction), without waiting for its event. */
  ingestIfMessage(value: unknown): void {
    const self = this.self;
    if (self === null || !isMessage(value)) return;
    ingestMessage(value, self);
  }

  /** Subscribe to a conversation created or joined during this connection. */
  join(conversationId: string): void {
    this.socket?.emit('conversation:join', { conversationId }, () => undefined);
  }

  reconnectNow(): void {
    if (this.socket === null) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  async loadConversations(): Promise<void> {
    const ticket = requestTicket();
    const list = await api.conversations();
    useConversations.getState().setList(list, ticket);
    // Previews in the reader's language: the last messages carry their translations.
    const self = this.self;
    if (self !== null) {
      for (const conversation of list) {
        if (conversation.lastMessage !== null) ingestTranslations(conversation.lastMessage, self);
      }
    }
    // The list names each direct chat's other person, with their presence: no conversation's detail is needed
    // to show it, so connecting costs one request however many conversations there are. Members (read
    // receipts, the details dialog) are loaded for the conversation being read.
    useLive.getState().seedPresence(list.flatMap((c) => (c.peer === null ? [] : [c.peer])));
    const selected = useConversations.getState().selectedId;
    if (selected !== null) await this.loadDetail(selected);
    if (this.cursor === 0) {
      // First start on this device: history comes from the history pages, the cursor only needs to cover
      // what changes from now on. The newest known version is a safe starting point.
      this.saveCursor(Math.max(0, ...list.map((c) => c.lastMessage?.version ?? 0)));
    }
  }

  async loadDetail(conversationId: string): Promise<void> {
    const ticket = requestTicket();
    const detail = await api.conversation(conversationId).catch(() => null);
    if (detail === null) return;
    useConversations.getState().setDetail(detail, ticket);
    useLive.getState().seedPresence(detail.members.map((m) => m.user));
    // Read receipts from the server's record, so they survive a reload; live events move them on.
    for (const member of detail.members)
      useLive.getState().setRead(detail.id, member.user.id, member.lastReadSeq);
  }

  /** Loads the newest page the first time, then older pages from the `before` cursor. */
  async loadHistory(conversationId: string, older: boolean): Promise<void> {
    const timeline = useTimelines.getState().timelines[conversationId];
    const before = older ? (timeline?.nextCursor ?? null) : null;
    if (older && before === null) return;
    const page = await api.history(conversationId, before, LIMITS.historyPageDefault);
    useTimelines.getState().applyPage(conversationId, page, older);
    const self = this.self;
    if (self !== null) for (const m of page.messages) ingestMessage(m, self);
  }

  async markRead(conversationId: string, messageId: string): Promise<void> {
    useConversations.getState().markAllRead(conversationId);
    await api.markRead(conversationId, messageId).catch(() => undefined);
  }

  private connect(): void {
    const socket = createSocket(baseUrl, () => session.accessToken());
    this.socket = socket;
    const setState = useConnection.getState().setState;
    setState(navigator.onLine ? 'connecting' : 'offline');

    socket.on('connect', () => {
      setState('syncing');
      void this.afterConnect(socket).then(
        () => {
          if (socket.connected) setState('online');
        },
        () => {
          if (socket.connected) setState('online');
        },
      );
    });
    socket.on('disconnect', (reason) => {
      setState(!navigator.onLine || reason === 'io client disconnect' ? 'offline' : 'connecting');
      // socket.io does not come back by itself after the server closed the socket (it does so when the
      // token it was opened with expires). The handshake asks the session for a token, refreshed if due.
      if (reason === 'io server disconnect') {
        setTimeout(() => {
          if (this.socket === socket && navigator.onLine) socket.connect();
        }, SERVER_KICK_RECONNECT_MS);
      }
    });
    socket.on('connect_error', () => {
      setState('unreachable');
      // A refused handshake (bad or expired token) is not retried by socket.io: refresh, then retry.
      if (!socket.active) {
        void session.refresh().then((fresh) => {
          if (fresh !== null && this.socket === socket) setTimeout(() => socket.connect(), 1_000);
        });
      }
    });
    socket.on('auth:token-expired', () => {
      // Usually the scheduled refresh already rotated the token and only this socket's copy expired;
      // refresh now only if the session's own token is about to lapse too.
      void session.accessToken();
    });
    this.cleanups.push(
      onSessionEnded(socket, (reason) => {
        endSession(session, reason);
      }),
    );
    this.cleanups.push(
      bindSocketEvents(
        socket,
        () => this.self,
        (conversationId) => void this.loadDetail(conversationId),
      ),
    );

    // The OS knows about network loss long before a socket timeout does.
    const onOffline = () => {
      socket.disconnect();
      setState('offline');
    };
    const onOnline = () => {
      socket.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.cleanups.push(() => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    });
    if (navigator.onLine) socket.connect();
  }

  /**
   * After every (re)connect: catch up from the cursor, then send what waited. The server puts the socket
   * in the rooms of every conversation the user belongs to at connection; only conversations created
   * later are joined explicitly (conversation:join is rate limited).
   */
  private async afterConnect(socket: MeeshySocket): Promise<void> {
    try {
      await this.resync(socket);
      await this.loadConversations().catch(() => undefined);
      // A conversation opened while the server was away shows its cached messages only: fetch its newest
      // page now, which also gives the cursor for the older pages.
      const selected = useConversations.getState().selectedId;
      if (selected !== null && useTimelines.getState().timelines[selected]?.loadedOnce !== true)
        await this.loadHistory(selected, false).catch(() => undefined);
    } finally {
      // Waiting messages go out even when the catch-up failed: each carries its client id, so a later
      // resync cannot duplicate them.
      await this.flush();
    }
  }

  /**
   * Only sync pages move the cursor, never live events: an event for version V says nothing about the
   * changes below V this socket may have missed while it was away.
   */
  private async resync(socket: MeeshySocket): Promise<void> {
    for (;;) {
      const reply: Ack<SyncPage> = await request(socket, 'sync', { since: this.cursor }, ACK_TIMEOUT_MS);
      if (!reply.success) return;
      const self = this.self;
      if (self !== null) for (const m of reply.data.messages) ingestMessage(m, self);
      this.saveCursor(Math.max(this.cursor, reply.data.cursor, ...reply.data.messages.map((m) => m.version)));
      if (!reply.data.hasMore) return;
    }
  }

  private saveCursor(cursor: number): void {
    this.cursor = cursor;
    store.setItem(this.cursorKey, String(cursor));
  }

  private async flush(): Promise<void> {
    const socket = this.socket;
    const outbox = this.outbox;
    if (socket === null || outbox === null) return;
    await this.sendQueued(socket, outbox);
    clearTimeout(this.retryTimer);
    if (!socket.connected || !outbox.hasQueued()) {
      this.retryDelayMs = RETRY_FIRST_MS;
      return;
    }
    // Still connected yet something waits: the server refused for now. Try again later, backing off.
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation) void this.flush();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(RETRY_MAX_MS, this.retryDelayMs * 2);
  }

  private sendQueued(socket: MeeshySocket, outbox: Outbox): Promise<void> {
    const self = this.self;
    if (self === null) return Promise.resolve();
    return outbox.flush(
      async (entry) => {
        // Emitting while disconnected would be buffered by socket.io and sent again by our own retry.
        if (!socket.connected) throw new Error('offline');
        return request(
          socket,
          'message:send',
          {
            conversationId: entry.conversationId,
            clientMessageId: entry.clientMessageId,
            content: entry.content,
            ...(entry.originalLanguage === undefined ? {} : { originalLanguage: entry.originalLanguage }),
            ...(entry.replyToId === undefined ? {} : { replyToId: entry.replyToId }),
          },
          ACK_TIMEOUT_MS,
        );
      },
      (sent) => {
        ingestMessage(sent.message, self);
        if (isBeingRead(sent.message.conversationId))
          useConversations.getState().markAllRead(sent.message.conversationId);
      },
    );
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
