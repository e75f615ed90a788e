import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const NEAR_BOTTOM_PX = 80;

/**
 * Keeps the view pinned to the newest message while the reader is at the bottom, and keeps the
 * message under the reader's eyes still when older pages are inserted above it.
 */
export function useStickyScroll(
  ref: RefObject<HTMLElement | null>,
  firstKey: string | undefined,
  lastKey: string | undefined,
) {
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const distanceFromBottom = useRef(0);
  const previousFirst = useRef(firstKey);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el === null) return;
    distanceFromBottom.current = el.scrollHeight - el.scrollTop;
    atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    setAtBottom(atBottomRef.current);
  }, [ref]);

  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (el === null) return;
    el.scrollTop = el.scrollHeight;
    onScroll();
  }, [ref, onScroll]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    if (previousFirst.current !== firstKey && previousFirst.current !== undefined && !atBottomRef.current) {
      // Older messages were prepended: restore the same distance from the bottom.
      el.scrollTop = el.scrollHeight - distanceFromBottom.current;
    } else if (atBottomRef.current) {
      el.scrollTop = el.scrollHeight;
    }
    previousFirst.current = firstKey;
    onScroll();
  }, [ref, firstKey, lastKey, onScroll]);

  return { onScroll, atBottom, scrollToBottom };
}
