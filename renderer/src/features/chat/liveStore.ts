import { create } from 'zustand';

export interface Presence {
  isOnline: boolean;
  lastSeenAt: string | null;
}

export interface Typist {
  username: string;
  /** Epoch ms after which the indicator disappears even if typing:stop was lost. */
  until: number;
}

/** Short-lived, socket-fed state: presence, who is typing, how far each member has read. */
interface LiveState {
  presence: Record<string, Presence>;
  typing: Record<string, Record<string, Typist>>;
  /** conversationId → userId → seq of the last message they read. */
  reads: Record<string, Record<string, number>>;
  setPresence: (userId: string, presence: Presence) => void;
  seedPresence: (users: readonly { id: string; isOnline: boolean; lastSeenAt: string | null }[]) => void;
  startTyping: (conversationId: string, userId: string, username: string, until: number) => void;
  stopTyping: (conversationId: string, userId: string) => void;
  /** Moves a member's read position forward (never back: events and snapshots may arrive in any order). */
  setRead: (conversationId: string, userId: string, seq: number) => void;
  reset: () => void;
}

export const useLive = create<LiveState>((set) => ({
  presence: {},
  typing: {},
  reads: {},
  setPresence: (userId, presence) => {
    set((s) => ({ presence: { ...s.presence, [userId]: presence } }));
  },
  seedPresence: (users) => {
    set((s) => {
      const presence = { ...s.presence };
      for (const u of users) presence[u.id] ??= { isOnline: u.isOnline, lastSeenAt: u.lastSeenAt };
      return { presence };
    });
  },
  startTyping: (conversationId, userId, username, until) => {
    set((s) => ({
      typing: {
        ...s.typing,
        [conversationId]: { ...s.typing[conversationId], [userId]: { username, until } },
      },
    }));
  },
  stopTyping: (conversationId, userId) => {
    set((s) => {
      const current = s.typing[conversationId];
      if (current?.[userId] === undefined) return s;
      const rest = Object.fromEntries(Object.entries(current).filter(([id]) => id !== userId));
      return { typing: { ...s.typing, [conversationId]: rest } };
    });
  },
  setRead: (conversationId, userId, seq) => {
    set((s) => {
      const current = s.reads[conversationId]?.[userId] ?? 0;
      if (seq <= current) return s;
      return { reads: { ...s.reads, [conversationId]: { ...s.reads[conversationId], [userId]: seq } } };
    });
  },
  reset: () => {
    set({ presence: {}, typing: {}, reads: {} });
  },
}));
