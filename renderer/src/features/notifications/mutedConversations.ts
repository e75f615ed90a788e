import { create } from 'zustand';
import { browserStore } from '../../lib/storage.ts';

const KEY = 'meeshy.mutedConversations';

/** The muted conversations kept on this device (a reader mutes on one device without muting the others). */
function load(): Record<string, true> {
  try {
    const stored: unknown = JSON.parse(browserStore().getItem(KEY) ?? '[]');
    if (!Array.isArray(stored)) return {};
    return Object.fromEntries(stored.filter((id) => typeof id === 'string').map((id: string) => [id, true]));
  } catch {
    return {};
  }
}

interface MutedState {
  muted: Record<string, true>;
  toggle: (conversationId: string) => void;
}

/** A muted conversation raises no notification and counts nothing on the tray and the taskbar. */
export const useMutedConversations = create<MutedState>((set) => ({
  muted: load(),
  toggle: (conversationId) => {
    set((s) => {
      const muted: Record<string, true> = s.muted[conversationId]
        ? Object.fromEntries(Object.entries(s.muted).filter(([id]) => id !== conversationId))
        : { ...s.muted, [conversationId]: true };
      browserStore().setItem(KEY, JSON.stringify(Object.keys(muted)));
      return { muted };
    });
  },
}));

export const isMuted = (conversationId: string): boolean =>
  useMutedConversations.getState().muted[conversationId] === true;

/** The unread messages of the conversations the reader has not muted. */
export function unmutedUnread(
  conversations: readonly { id: string; unreadCount: number }[],
  muted: Record<string, true>,
): number {
  return conversations.reduce((sum, c) => sum + (muted[c.id] ? 0 : c.unreadCount), 0);
}
