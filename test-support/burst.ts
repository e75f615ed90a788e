import { expect } from 'vitest';
import type { Ack, SentMessage } from '../contract/events.ts';
import type { ClientSocket } from './sockets.ts';

/**
 * Sends one message per client id to the global room with a sliding window of sends in flight (new ones go
 * out as acks come back, so the server is still busy with the burst however fast it answers), and calls
 * `kill` once `killAfter` are acknowledged. Resolves when the socket drops, with the acknowledged sends:
 * client id → message id.
 */
export function sendBurstUntilKilled(
  socket: ClientSocket,
  clientIds: readonly string[],
  killAfter: number,
  kill: () => void,
  window = 20,
): Promise<Map<string, string>> {
  const acked = new Map<string, string>();
  let killed = false;
  let next = 0;
  return new Promise((resolve) => {
    socket.on('disconnect', () => {
      resolve(acked);
    });
    const sendNext = () => {
      const clientMessageId = clientIds[next];
      if (killed || clientMessageId === undefined) return;
      next += 1;
      socket.emit(
        'message:send',
        { conversationId: 'global', clientMessageId, content: `burst ${clientMessageId}` },
        (ack: Ack<SentMessage>) => {
          if (ack.success) acked.set(clientMessageId, ack.data.messageId);
          if (!killed && acked.size >= killAfter) {
            killed = true;
            kill();
          }
          sendNext();
        },
      );
    };
    for (let started = 0; started < window; started += 1) sendNext();
  });
}

/**
 * What a client does after losing its server mid-burst: sends every message again with its client id. Each
 * must succeed, and one that had been acknowledged must come back as the same message, marked duplicate.
 */
export async function retryBurst(
  socket: ClientSocket,
  clientIds: readonly string[],
  acked: ReadonlyMap<string, string>,
): Promise<void> {
  for (const clientMessageId of clientIds) {
    const ack = (await socket.timeout(5000).emitWithAck('message:send', {
      conversationId: 'global',
      clientMessageId,
      content: `burst ${clientMessageId}`,
    })) as Ack<SentMessage>;
    expect(ack.success).toBe(true);
    if (ack.success && acked.has(clientMessageId)) {
      expect(ack.data).toMatchObject({ duplicate: true, messageId: acked.get(clientMessageId) });
    }
  }
}
