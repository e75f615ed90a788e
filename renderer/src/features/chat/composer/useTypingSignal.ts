import { useCallback, useEffect, useRef } from 'react';
import { engine } from '../../sync/engine.ts';

const REPEAT_MS = 3_000;
const IDLE_MS = 4_000;

/**
 * Tells the others we are typing: at most one typing:start every few seconds while keys are pressed,
 * and typing:stop after a pause, on send, or when leaving the conversation.
 */
export function useTypingSignal(conversationId: string) {
  const lastStart = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stop = useCallback(() => {
    if (idle.current !== null) clearTimeout(idle.current);
    idle.current = null;
    if (lastStart.current !== 0) engine.typing(conversationId, false);
    lastStart.current = 0;
  }, [conversationId]);

  const keystroke = useCallback(() => {
    const now = Date.now();
    if (now - lastStart.current > REPEAT_MS) {
      engine.typing(conversationId, true);
      lastStart.current = now;
    }
    if (idle.current !== null) clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  }, [conversationId, stop]);

  useEffect(() => stop, [stop]);
  return { keystroke, stop };
}
