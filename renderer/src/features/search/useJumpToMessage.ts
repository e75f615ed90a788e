import { useEffect, type RefObject } from 'react';
import { engine } from '../sync/engine.ts';
import { emptyTimeline } from '../chat/timeline.ts';
import { useTimelines } from '../chat/timelineStore.ts';
import { useMessageJump } from './jumpStore.ts';

/** How long the message reached from a search stays marked. */
const MARK_MS = 2500;

/**
 * Brings the message a search result points at into view in this conversation's list: scrolled to the middle,
 * focused and briefly marked. When it is older than the messages loaded, earlier pages are loaded one after
 * the other until it is there (the timeline stays one unbroken run down from the newest message), or until
 * the beginning of the conversation shows it is gone.
 */
export function useJumpToMessage(
  conversationId: string,
  scroller: RefObject<HTMLElement | null>,
  /**
   * The list's scroll handler, told at once that the view moved: the browser's own scroll event comes a
   * frame later, and a page arriving meanwhile would otherwise find the list still "at the bottom" and pin
   * it there, away from the message.
   */
  scrolled: () => void,
): void {
  const target = useMessageJump((s) => s.target);
  const timeline = useTimelines((s) => s.timelines[conversationId] ?? emptyTimeline);
  const wanted = target?.conversationId === conversationId ? target.messageId : null;
  const loaded = wanted !== null && timeline.messages.some((m) => m.id === wanted);

  useEffect(() => {
    if (wanted === null || loaded || !timeline.loadedOnce) return;
    if (timeline.nextCursor === null) {
      useMessageJump.getState().done();
      return;
    }
    void engine.loadHistory(conversationId, true);
  }, [conversationId, wanted, loaded, timeline.loadedOnce, timeline.nextCursor]);

  useEffect(() => {
    if (wanted === null || !loaded) return;
    // After this render has put the message (and any page loaded before it) in the list.
    const frame = requestAnimationFrame(() => {
      const item = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(wanted)}"]`);
      if (item === null || item === undefined) return;
      item.scrollIntoView({ block: 'center' });
      scrolled();
      item.classList.add('jump-target');
      item.querySelector<HTMLElement>('article.bubble')?.focus({ preventScroll: true });
      setTimeout(() => {
        item.classList.remove('jump-target');
      }, MARK_MS);
      useMessageJump.getState().done();
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [wanted, loaded, scroller, scrolled]);
}
