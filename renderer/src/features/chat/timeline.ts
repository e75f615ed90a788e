import type { MessageDto } from '../../../../contract/messages.ts';

/** One conversation's loaded history, oldest first. */
export interface Timeline {
  messages: MessageDto[];
  /** Cursor for the next older page; null once the beginning of the conversation is reached. */
  nextCursor: number | null;
  loadedOnce: boolean;
}

export const emptyTimeline: Timeline = { messages: [], nextCursor: null, loadedOnce: false };

/**
 * Inserts or replaces a message, keeping seq order. A copy with a lower or equal version is ignored:
 * events and sync pages may arrive out of order, and an old copy must never undo a newer edit.
 */
export function upsertMessage(messages: readonly MessageDto[], incoming: MessageDto): MessageDto[] {
  const index = messages.findIndex((m) => m.id === incoming.id);
  if (index >= 0) {
    const current = messages[index];
    if (current !== undefined && current.version >= incoming.version) return messages as MessageDto[];
    const copy = [...messages];
    copy[index] = incoming;
    return copy;
  }
  // Most arrivals are the newest message: search from the end.
  let at = messages.length;
  while (at > 0 && (messages[at - 1]?.seq ?? 0) > incoming.seq) at--;
  return [...messages.slice(0, at), incoming, ...messages.slice(at)];
}

export function mergePage(messages: readonly MessageDto[], page: readonly MessageDto[]): MessageDto[] {
  return page.reduce<MessageDto[]>((acc, m) => upsertMessage(acc, m), [...messages]);
}

export function markDeleted(
  messages: readonly MessageDto[],
  messageId: string,
  version: number,
): MessageDto[] {
  return messages.map((m) =>
    m.id === messageId && m.version < version
      ? { ...m, content: '', deletedAt: m.deletedAt ?? new Date().toISOString(), reactions: [], version }
      : m,
  );
}

/** Local calendar day, used for the separators between days. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}
