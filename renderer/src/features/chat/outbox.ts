import type { Ack, SentMessage } from '../../../../contract/events.ts';
import type { ErrorCode } from '../../../../contract/errors.ts';
import { readJson, writeJson, type KeyValueStore } from '../../lib/storage.ts';
import type { OutboxAttachment } from '../attachments/outboxAttachments.ts';

export interface OutboxEntry {
  /** Generated once, before the first attempt: the server recognises every retry as the same message. */
  clientMessageId: string;
  conversationId: string;
  content: string;
  originalLanguage?: string;
  replyToId?: string;
  /** Files sent with it; their bytes wait in IndexedDB (features/attachments/pendingFiles.ts). */
  attachments?: OutboxAttachment[];
  createdAt: string;
  /** queued: waiting for a connection; failed: the server refused it for good (shown with retry/discard). */
  state: 'queued' | 'failed';
  error?: string;
}

/** Sends one entry over the socket; rejects when no answer came (disconnect, timeout). */
export type OutboxTransport = (entry: OutboxEntry) => Promise<Ack<SentMessage>>;

/** Refusals that a retry will not change: the entry stops being retried automatically. */
const PERMANENT: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'MESSAGE_TOO_LONG',
  'FORBIDDEN',
  'CONVERSATION_NOT_FOUND',
  'NOT_FOUND',
  'CLIENT_MESSAGE_ID_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_ATTACHMENTS',
  'ATTACHMENT_NOT_FOUND',
];

type Listener = (entries: readonly OutboxEntry[]) => void;

/**
 * Durable queue of messages not yet acknowledged by the server. Every message goes through it, online
 * or not, so that a send interrupted by a disconnect or a reload is retried with the same id.
 *
 * Storage is the source of truth, not this object's copy: the same user may have the client open in two
 * windows or tabs, each with its own Outbox on the same key. Every change re-reads the stored list before
 * writing it back, so one window never overwrites a message the other just queued; `reload()` takes in a
 * change another window made. Two windows may both send an entry; its client id makes the server keep one.
 */
export class Outbox {
  private entries: OutboxEntry[];
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    const stored = readJson<unknown>(store, key, []);
    this.entries = Array.isArray(stored) ? (stored as OutboxEntry[]) : [];
  }

  list(): readonly OutboxEntry[] {
    return this.entries;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(entry: Omit<OutboxEntry, 'state' | 'createdAt'> & { createdAt?: string }): OutboxEntry {
    const full: OutboxEntry = {
      ...entry,
      createdAt: entry.createdAt ?? new Date().toISOString(),
      state: 'queued',
    };
    this.update((entries) => [...entries, full]);
    return full;
  }

  retry(clientMessageId: string): void {
    this.update((entries) =>
      entries.map((e) =>
        e.clientMessageId === clientMessageId ? { ...e, state: 'queued' as const, error: undefined } : e,
      ),
    );
  }

  discard(clientMessageId: string): void {
    this.update((entries) => entries.filter((e) => e.clientMessageId !== clientMessageId));
  }

  /** Takes in what another window wrote under the same key (its `storage` event). */
  reload(): void {
    this.update((entries) => entries, false);
  }

  /** Whether something still waits to be sent (not counting entries refused for good). */
  hasQueued(): boolean {
    return this.entries.some((e) => e.state === 'queued');
  }

  /**
   * Sends queued entries one at a time, oldest first, so they arrive in the order they were written.
   * Only one flush runs at a time; a flush asked for during another runs right after it.
   */
  flush(transport: OutboxTransport, onSent: (sent: SentMessage) => void): Promise<void> {
    const run = async (): Promise<void> => {
      for (;;) {
        this.reload();
        const next = this.entries.find((e) => e.state === 'queued');
        if (next === undefined) return;
        let reply: Ack<SentMessage>;
        try {
          reply = await transport(next);
        } catch {
          // No answer: the connection is gone. Keep the entry; the next connect flushes again.
          return;
        }
        if (reply.success) {
          this.update((entries) => entries.filter((e) => e.clientMessageId !== next.clientMessageId));
          onSent(reply.data);
        } else if (PERMANENT.includes(reply.error.code)) {
          this.update((entries) =>
            entries.map((e) =>
              e.clientMessageId === next.clientMessageId
                ? { ...e, state: 'failed' as const, error: reply.error.message }
                : e,
            ),
          );
        } else {
          return; // Rate limited or server trouble: wait for the next trigger.
        }
      }
    };
    // Chained, never parallel: two flushes racing could both send the same entry before either is acked.
    const current = (this.flushing ?? Promise.resolve()).catch(() => undefined).then(run);
    this.flushing = current;
    return current;
  }

  private update(change: (stored: OutboxEntry[]) => OutboxEntry[], write = true): void {
    const stored = readJson<unknown>(this.store, this.key, []);
    const entries = change(Array.isArray(stored) ? (stored as OutboxEntry[]) : []);
    if (write) writeJson(this.store, this.key, entries);
    else if (JSON.stringify(entries) === JSON.stringify(this.entries)) return;
    this.entries = entries;
    for (const listener of this.listeners) listener(entries);
  }
}
