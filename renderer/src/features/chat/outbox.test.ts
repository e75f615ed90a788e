import { describe, expect, it, vi } from 'vitest';
import type { Ack, SentMessage } from '../../../../contract/events.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { memoryStore } from '../../lib/storage.ts';
import { Outbox, type OutboxEntry } from './outbox.ts';

const KEY = 'meeshy.outbox.u1@test';

function ok(entry: OutboxEntry): Ack<SentMessage> {
  return {
    success: true,
    data: {
      messageId: `m-${entry.clientMessageId}`,
      message: { id: `m-${entry.clientMessageId}` } as MessageDto,
      duplicate: false,
    },
  };
}

function queue(outbox: Outbox, ...ids: string[]) {
  for (const id of ids) outbox.enqueue({ clientMessageId: id, conversationId: 'c1', content: `text ${id}` });
}

describe('Outbox', () => {
  it('survives a restart: entries are read back from storage with their client ids', () => {
    const store = memoryStore();
    queue(new Outbox(store, KEY), 'a', 'b');
    const reopened = new Outbox(store, KEY);
    expect(reopened.list().map((e) => [e.clientMessageId, e.state])).toEqual([
      ['a', 'queued'],
      ['b', 'queued'],
    ]);
  });

  it('sends in the order written and forgets each entry once acknowledged', async () => {
    const outbox = new Outbox(memoryStore(), KEY);
    queue(outbox, 'a', 'b', 'c');
    const sent: string[] = [];
    const onSent = vi.fn();
    await outbox.flush((entry) => {
      sent.push(entry.clientMessageId);
      return Promise.resolve(ok(entry));
    }, onSent);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(onSent).toHaveBeenCalledTimes(3);
    expect(outbox.list()).toEqual([]);
  });

  it('keeps what was not acknowledged and retries it with the same client id', async () => {
    const store = memoryStore();
    const outbox = new Outbox(store, KEY);
    queue(outbox, 'a', 'b');
    await outbox.flush(() => Promise.reject(new Error('disconnected')), vi.fn());
    expect(outbox.list().map((e) => e.clientMessageId)).toEqual(['a', 'b']);

    const ids: string[] = [];
    await new Outbox(store, KEY).flush((entry) => {
      ids.push(entry.clientMessageId);
      return Promise.resolve(ok(entry));
    }, vi.fn());
    expect(ids).toEqual(['a', 'b']);
  });

  it('never sends an entry twice when flushes overlap (reconnect while a send is in flight)', async () => {
    const outbox = new Outbox(memoryStore(), KEY);
    queue(outbox, 'a', 'b');
    const calls: string[] = [];
    const transport = async (entry: OutboxEntry) => {
      calls.push(entry.clientMessageId);
      await new Promise((r) => setTimeout(r, 5));
      return ok(entry);
    };
    await Promise.all([
      outbox.flush(transport, vi.fn()),
      outbox.flush(transport, vi.fn()),
      outbox.flush(transport, vi.fn()),
    ]);
    expect(calls).toEqual(['a', 'b']);
  });

  it('marks permanently refused entries as failed, keeps going, and can retry or discard them', async () => {
    const outbox = new Outbox(memoryStore(), KEY);
    queue(outbox, 'bad', 'good');
    await outbox.flush(
      (entry) =>
        Promise.resolve(
          entry.clientMessageId === 'bad'
            ? { success: false as const, error: { code: 'FORBIDDEN' as const, message: 'not a member' } }
            : ok(entry),
        ),
      vi.fn(),
    );
    expect(outbox.list()).toMatchObject([{ clientMessageId: 'bad', state: 'failed', error: 'not a member' }]);

    // A failed entry is not retried automatically…
    const transport = vi.fn((entry: OutboxEntry) => Promise.resolve(ok(entry)));
    await outbox.flush(transport, vi.fn());
    expect(transport).not.toHaveBeenCalled();
    // …only when the user asks.
    outbox.retry('bad');
    await outbox.flush(transport, vi.fn());
    expect(transport).toHaveBeenCalledTimes(1);
    expect(outbox.list()).toEqual([]);

    queue(outbox, 'x');
    outbox.discard('x');
    expect(outbox.list()).toEqual([]);
  });

  it('stops at a transient refusal (rate limit) and leaves the rest queued', async () => {
    const outbox = new Outbox(memoryStore(), KEY);
    queue(outbox, 'a', 'b');
    const transport = vi.fn(() =>
      Promise.resolve({
        success: false as const,
        error: { code: 'RATE_LIMITED' as const, message: 'slow down' },
      }),
    );
    await outbox.flush(transport, vi.fn());
    expect(transport).toHaveBeenCalledTimes(1);
    expect(outbox.list().map((e) => e.state)).toEqual(['queued', 'queued']);
  });

  it('two windows on the same storage never overwrite each other’s queued messages', async () => {
    const store = memoryStore();
    const first = new Outbox(store, KEY);
    const second = new Outbox(store, KEY);
    queue(first, 'from-first');
    queue(second, 'from-second');
    first.discard('nothing-here');
    expect(new Outbox(store, KEY).list().map((e) => e.clientMessageId)).toEqual([
      'from-first',
      'from-second',
    ]);

    // The first window sends everything, including what the second queued; the second then sees an empty queue.
    const sent: string[] = [];
    await first.flush((entry) => {
      sent.push(entry.clientMessageId);
      return Promise.resolve(ok(entry));
    }, vi.fn());
    expect(sent).toEqual(['from-first', 'from-second']);
    const seen = vi.fn();
    second.subscribe(seen);
    second.reload();
    expect(second.list()).toEqual([]);
    expect(seen).toHaveBeenCalledTimes(1);
    second.reload();
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('a corrupted stored outbox reads as empty instead of breaking the app', () => {
    const store = memoryStore();
    store.setItem(KEY, '{"not":"a list"}');
    const outbox = new Outbox(store, KEY);
    expect(outbox.list()).toEqual([]);
    queue(outbox, 'a');
    expect(outbox.list().map((e) => e.clientMessageId)).toEqual(['a']);
  });
});
