// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, SentMessage } from '../../../../contract/events.ts';
import type { ErrorCode } from '../../../../contract/errors.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import type { MeeshySocket } from '../../lib/realtime/socket.ts';
import { OutboxSender } from './outboxSender.ts';
import { useOutboxEntries } from './outboxStore.ts';

const self = { id: 'me', systemLanguage: 'en' } as SelfUser;

/** Just enough of a socket.io client to answer `message:send` with the refusals a test scripts. */
function refusingSocket(code: ErrorCode) {
  const sent: unknown[] = [];
  const reply: Ack<SentMessage> = { success: false, error: { code, message: code } };
  const socket = {
    connected: true,
    timeout: () => ({
      emit: (
        _event: string,
        payload: unknown,
        ack: (err: Error | null, answer: Ack<SentMessage>) => void,
      ) => {
        sent.push(payload);
        ack(null, reply);
      },
    }),
  };
  return { socket: socket as unknown as MeeshySocket, sent };
}

const entry = { clientMessageId: 'c1', conversationId: 'conv', content: 'hello' };

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('OutboxSender', () => {
  it('keeps a message waiting, and shown, until there is a socket', async () => {
    const sender = new OutboxSender(self.id, () => self);
    sender.send(entry);
    await vi.runAllTimersAsync();
    expect(useOutboxEntries.getState().entries.map((e) => e.clientMessageId)).toEqual(['c1']);

    const { socket, sent } = refusingSocket('RATE_LIMITED');
    sender.useSocket(socket);
    await sender.flush();
    expect(sent).toEqual([entry]);
    sender.stop();
  });

  it('sends again what the server refused for now, waiting 2 s, then 4 s, until stopped', async () => {
    const sender = new OutboxSender(self.id, () => self);
    const { socket, sent } = refusingSocket('RATE_LIMITED');
    sender.useSocket(socket);
    sender.send(entry);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(3);

    sender.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(3);
  });

  it('stops trying what the server refused for good, and shows it as failed', async () => {
    const sender = new OutboxSender(self.id, () => self);
    const { socket, sent } = refusingSocket('VALIDATION_FAILED');
    sender.useSocket(socket);
    sender.send(entry);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
    expect(useOutboxEntries.getState().entries.map((e) => e.state)).toEqual(['failed']);

    sender.retry('c1');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    sender.discard('c1');
    expect(useOutboxEntries.getState().entries).toEqual([]);
    sender.stop();
  });
});
