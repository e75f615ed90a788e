import type { MessageDto } from '../../../../contract/messages.ts';

/**
 * Which members have read up to (at least) each message: a member whose read position is seq X has
 * read every message up to X. Returns messageId → ids of readers other than the sender.
 */
export function readersByMessage(
  messages: readonly MessageDto[],
  reads: Record<string, number> | undefined,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (reads === undefined) return result;
  for (const [userId, upTo] of Object.entries(reads)) {
    for (const m of messages) {
      if (m.seq > upTo || m.sender.id === userId) continue;
      const readers = result.get(m.id) ?? [];
      readers.push(userId);
      result.set(m.id, readers);
    }
  }
  return result;
}
