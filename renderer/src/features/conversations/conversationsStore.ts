import { create } from 'zustand';
import type { ConversationDetail, ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';

interface ConversationsState {
  list: ConversationSummary[];
  details: Record<string, ConversationDetail>;
  loaded: boolean;
  selectedId: string | null;
  setList: (list: ConversationSummary[]) => void;
  upsert: (conversation: ConversationSummary) => void;
  setDetail: (detail: ConversationDetail) => void;
  remove: (conversationId: string) => void;
  select: (conversationId: string | null) => void;
  /** A message arrived or changed: refresh the preview, order and unread count. */
  applyMessage: (message: MessageDto, selfId: string, countsAsUnread: boolean) => void;
  applyDeleted: (conversationId: string, messageId: string) => void;
  markAllRead: (conversationId: string) => void;
  reset: () => void;
}

/** Most recent activity first, like every messenger. */
export function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  const at = a.lastMessageAt ?? a.createdAt;
  const bt = b.lastMessageAt ?? b.createdAt;
  return bt.localeCompare(at);
}

export const useConversations = create<ConversationsState>((set) => ({
  list: [],
  details: {},
  loaded: false,
  selectedId: null,
  setList: (list) => {
    set({ list: [...list].sort(byActivity), loaded: true });
  },
  upsert: (conversation) => {
    set((s) => ({
      list: [...s.list.filter((c) => c.id !== conversation.id), conversation].sort(byActivity),
    }));
  },
  setDetail: (detail) => {
    set((s) => {
      const summary: ConversationSummary = detail;
      const known = s.list.some((c) => c.id === detail.id);
      const list = known
        ? s.list.map((c) =>
            c.id === detail.id ? { ...c, title: summary.title, memberCount: summary.memberCount } : c,
          )
        : [...s.list, summary].sort(byActivity);
      return { details: { ...s.details, [detail.id]: detail }, list };
    });
  },
  remove: (conversationId) => {
    set((s) => ({
      list: s.list.filter((c) => c.id !== conversationId),
      selectedId: s.selectedId === conversationId ? null : s.selectedId,
    }));
  },
  select: (selectedId) => {
    set({ selectedId });
  },
  applyMessage: (message, selfId, countsAsUnread) => {
    set((s) => ({
      list: s.list
        .map((c) => {
          if (c.id !== message.conversationId) return c;
          const isNewer = c.lastMessage === null || message.seq >= c.lastMessage.seq;
          if (!isNewer) return c;
          const isNewMessage = c.lastMessage?.id !== message.id;
          const unread =
            isNewMessage && countsAsUnread && message.sender.id !== selfId
              ? c.unreadCount + 1
              : c.unreadCount;
          return { ...c, lastMessage: message, lastMessageAt: message.createdAt, unreadCount: unread };
        })
        .sort(byActivity),
    }));
  },
  applyDeleted: (conversationId, messageId) => {
    set((s) => ({
      list: s.list.map((c) =>
        c.id === conversationId && c.lastMessage?.id === messageId
          ? { ...c, lastMessage: { ...c.lastMessage, content: '', deletedAt: new Date().toISOString() } }
          : c,
      ),
    }));
  },
  markAllRead: (conversationId) => {
    set((s) => ({ list: s.list.map((c) => (c.id === conversationId ? { ...c, unreadCount: 0 } : c)) }));
  },
  reset: () => {
    set({ list: [], details: {}, loaded: false, selectedId: null });
  },
}));
