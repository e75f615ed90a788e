import type { MessageDto } from '../../../../contract/messages.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import type { OfflineCache } from './offlineCache.ts';
import {
  conversationRecord,
  listRecord,
  MAX_CONVERSATIONS,
  MAX_MESSAGES_PER_CONVERSATION,
  type ConversationRecord,
} from './records.ts';

/** Writes gather the changes of this long: a burst of messages or a sync page costs one transaction. */
const WRITE_DELAY_MS = 1000;

export interface CacheWriter {
  /** Stops writing; what was not written yet is dropped (the session is ending). */
  stop: () => void;
  /** Writes what changed now (the window is going away). */
  flush: () => Promise<void>;
}

/**
 * The stores' values are immutable: a changed list, timeline or translation is a new object. What was
 * last written is remembered as the objects it was made from, so a write only carries the records whose
 * objects changed, found by identity without comparing any content.
 */
type Inputs = readonly unknown[];
const same = (a: Inputs | undefined, b: Inputs) => a?.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Follows the stores of a signed-in session and keeps the offline cache up to date, off the hot path:
 * changes only arm a timer. `isCurrent` is checked before every write, so a session already signed out
 * never writes, even if its engine has not stopped yet.
 */
export function startCacheWriter(
  cache: OfflineCache,
  owner: string,
  session: { isCurrent: () => boolean; cursor: () => number },
  {
    delayMs = WRITE_DELAY_MS,
    storesMatchCache = true,
  }: {
    delayMs?: number;
    /** The stores were just filled from this cache: what they hold need not be written again. */
    storesMatchCache?: boolean;
  } = {},
): CacheWriter {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let savedList: Inputs | undefined;
  const savedConversations = new Map<string, Inputs>();

  const inputsNow = () => {
    const { list, loaded } = useConversations.getState();
    const { timelines } = useTimelines.getState();
    const { entries } = useTranslations.getState();
    const kept = list.slice(0, MAX_CONVERSATIONS);
    // The cursor goes with the list record, so a moved cursor rewrites it (see ListRecord.cursor).
    const cursor = session.cursor();
    const listInputs = [
      cursor,
      list,
      ...kept.map((c) => (c.lastMessage === null ? null : entries[c.lastMessage.id])),
    ];
    const opened = kept.flatMap((c) => {
      const messages = timelines[c.id]?.messages ?? [];
      if (messages.length === 0) return [];
      const newest = messages.slice(-MAX_MESSAGES_PER_CONVERSATION);
      return [{ id: c.id, messages, inputs: [messages, ...newest.map((m) => entries[m.id])] }];
    });
    return { cursor, list, loaded, entries, listInputs, opened };
  };

  /** What is in the stores now counts as written: called right after they were filled from the cache. */
  const baseline = () => {
    const now = inputsNow();
    if (!now.loaded) return;
    savedList = now.listInputs;
    for (const c of now.opened) savedConversations.set(c.id, c.inputs);
  };

  const write = async () => {
    if (stopped || !session.isCurrent()) return;
    const now = inputsNow();
    // Before any list (cache or server) there is nothing to say, and an empty one would evict everything.
    if (!now.loaded) return;
    const changed: { id: string; messages: MessageDto[]; inputs: Inputs }[] = now.opened.filter(
      (c) => !same(savedConversations.get(c.id), c.inputs),
    );
    const listChanged = !same(savedList, now.listInputs);
    if (!listChanged && changed.length === 0) return;
    const records: ConversationRecord[] = changed.map((c) =>
      conversationRecord(owner, c.id, c.messages, now.entries),
    );
    const keep = new Set(now.opened.map((c) => c.id));
    await cache.save(
      owner,
      listChanged ? listRecord(owner, now.cursor, now.list, now.entries) : null,
      records,
      listChanged ? keep : null,
    );
    savedList = now.listInputs;
    for (const c of changed) savedConversations.set(c.id, c.inputs);
    for (const id of savedConversations.keys()) if (!keep.has(id)) savedConversations.delete(id);
  };

  // One write at a time, in order: a later write always carries the later state.
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write, write);
    return writing;
  };
  const schedule = () => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => void flush(), delayMs);
  };
  // A window closing or going to the background may not come back: what changed is written now.
  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onPageHide = () => void flush();

  if (storesMatchCache) baseline();
  else schedule();
  const unsubscribe = [
    useConversations.subscribe(schedule),
    useTimelines.subscribe(schedule),
    useTranslations.subscribe(schedule),
  ];
  const hasDocument = typeof document !== 'undefined';
  if (hasDocument) {
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
  }
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const u of unsubscribe) u();
    if (hasDocument) {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    }
    unregister();
  };
  const unregister = cache.register(owner, stop);
  return { stop, flush };
}
