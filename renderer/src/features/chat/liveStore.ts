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
  /** conversationId → userId → last message id they read. */
  reads: Record<string, Record<string, string>>;
  setPresence: (userId: string, presence: Presence) => void;
  seedPresence: (users: readonly { id: string; isOnline: boolean; lastSeenAt: string | null }[]) => void;
  startTyping: (conversationId: string, userId: string, username: string, until: number) => void;
  stopTyping: (conversationId: string, userId: string) => void;
  setRead: (conversationId: string, userId: string, messageId: string) => void;
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
  setRead: (conversationId, userId, messageId) => {
    set((s) => ({
      reads: { ...s.reads, [conversationId]: { ...s.reads[conversationId], [userId]: messageId } },
    }));
  },
  reset: () => {
    set({ presence: {}, typing: {}, reads: {} });
  },
}));
