import { create } from 'zustand';

/** Requests between chat components that are not parent and child (the composer asks a bubble to edit). */
export const useChatUi = create<{
  editRequest: string | null;
  requestEdit: (messageId: string | null) => void;
}>((set) => ({
  editRequest: null,
  requestEdit: (editRequest) => {
    set({ editRequest });
  },
}));
