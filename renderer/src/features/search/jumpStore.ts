import { create } from 'zustand';

/** A message to bring into view once its conversation is open: where a search result leads. */
export interface JumpTarget {
  conversationId: string;
  messageId: string;
}

export const useMessageJump = create<{
  target: JumpTarget | null;
  jumpTo: (target: JumpTarget) => void;
  done: () => void;
}>((set) => ({
  target: null,
  jumpTo: (target) => {
    set({ target });
  },
  done: () => {
    set({ target: null });
  },
}));
