import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react';

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
  const atBottom = useRef(true);
  const distanceFromBottom = useRef(0);
  const previousFirst = useRef(firstKey);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el === null) return;
    distanceFromBottom.current = el.scrollHeight - el.scrollTop;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  }, [ref]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    if (previousFirst.current !== firstKey && previousFirst.current !== undefined && !atBottom.current) {
      // Older messages were prepended: restore the same distance from the bottom.
      el.scrollTop = el.scrollHeight - distanceFromBottom.current;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previousFirst.current = firstKey;
    onScroll();
  }, [ref, firstKey, lastKey, onScroll]);

  return { onScroll, isAtBottom: () => atBottom.current };
}
