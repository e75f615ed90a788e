import { useTimelines } from '../chat/timelineStore.ts';
import { requestTicket, useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { restorable, type CachedState } from './records.ts';

/**
 * Fills the stores from the cache at start, before any request (the engine awaits it), so the server's list,
 * details and pages, all requested later, replace it as they arrive; the cached list's ticket, older than
 * theirs, also keeps it from undoing a departure or a newer detail. Returns false (and changes nothing)
 * when a list is already there: fresher data never gives way to the cache.
 */
export function applyCachedState(state: CachedState): boolean {
  if (useConversations.getState().loaded) return false;
  const list = state.list.conversations;
  useConversations.getState().setList(list, requestTicket());
  const listed = new Set(list.map((c) => c.id));
  const translations = [];
  for (const record of state.conversations) {
    // A record left behind by a conversation that was no longer listed when it was written.
    if (!listed.has(record.conversationId) || record.messages.length === 0) continue;
    useTimelines.getState().restore(record.conversationId, record.messages);
    translations.push(...restorable(record.messages, record.translations));
  }
  const previews = list.flatMap((c) => (c.lastMessage === null ? [] : [c.lastMessage]));
  translations.push(...restorable(previews, state.list.translations));
  useTranslations.getState().restore(translations);
  return true;
}

/**
 * Where the resync starts after a start from the cache: the cache is written a moment after the cursor
 * moves, so it may miss the last changes before the window closed (ListRecord.cursor). Replaying a few
 * changes twice is harmless (older versions never replace newer ones); missing an edit or a deletion is not.
 * A stored cursor of 0 (none on this device) would skip history altogether: the cache's cursor is used.
 */
export function resyncCursor(stored: number, cached: number): number {
  return stored === 0 ? cached : Math.min(stored, cached);
}
