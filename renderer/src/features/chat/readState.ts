import type { MessageDto } from '../../../../contract/messages.ts';

/**
 * Which members have read up to (at least) each message: a member who read message X has read
 * everything before it. Returns messageId → ids of readers other than the sender.
 */
export function readersByMessage(
  messages: readonly MessageDto[],
  reads: Record<string, string> | undefined,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (reads === undefined) return result;
  const seqById = new Map(messages.map((m) => [m.id, m.seq]));
  for (const [userId, messageId] of Object.entries(reads)) {
    const upTo = seqById.get(messageId);
    if (upTo === undefined) continue;
    for (const m of messages) {
      if (m.seq > upTo || m.sender.id === userId) continue;
      const readers = result.get(m.id) ?? [];
      readers.push(userId);
      result.set(m.id, readers);
    }
  }
  return result;
}
