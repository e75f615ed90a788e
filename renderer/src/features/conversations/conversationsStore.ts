import { create } from 'zustand';
import type { ConversationDetail, ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';

/** The open conversation was taken away by someone else: said plainly instead of an empty pane. */
export interface RemovedNotice {
  conversationId: string;
  title: string | null;
}

interface ConversationsState {
  list: ConversationSummary[];
  details: Record<string, ConversationDetail>;
  loaded: boolean;
  selectedId: string | null;
  removedNotice: RemovedNotice | null;
  /** A leave this user asked for is on its way: the server's removal event is then no surprise. */
  leavingId: string | null;
  /**
   * Conversations this user left or was removed from: a list or detail fetched just before the removal
   * may answer after it, and must not bring them back. Cleared when the user is added again
   * (conversation:new goes through upsert).
   */
  departed: Record<string, true>;
  setList: (list: ConversationSummary[]) => void;
  upsert: (conversation: ConversationSummary) => void;
  setDetail: (detail: ConversationDetail) => void;
  remove: (conversationId: string) => void;
  /** The server says this user is no longer a member (conversation:removed). */
  removedByServer: (conversationId: string) => void;
  setLeaving: (conversationId: string | null) => void;
  dismissNotice: () => void;
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

function without(record: Record<string, true>, key: string): Record<string, true> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export const useConversations = create<ConversationsState>((set) => ({
  list: [],
  details: {},
  loaded: false,
  selectedId: null,
  removedNotice: null,
  leavingId: null,
  departed: {},
  setList: (list) => {
    set((s) => ({ list: list.filter((c) => !(c.id in s.departed)).sort(byActivity), loaded: true }));
  },
  upsert: (conversation) => {
    set((s) => ({
      list: [...s.list.filter((c) => c.id !== conversation.id), conversation].sort(byActivity),
      departed: without(s.departed, conversation.id),
    }));
  },
  setDetail: (detail) => {
    set((s) => {
      if (detail.id in s.departed) return {};
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
      departed: { ...s.departed, [conversationId]: true },
    }));
  },
  removedByServer: (conversationId) => {
    set((s) => {
      const wasOpen = s.selectedId === conversationId && s.leavingId !== conversationId;
      const title = s.list.find((c) => c.id === conversationId)?.title ?? null;
      return {
        list: s.list.filter((c) => c.id !== conversationId),
        selectedId: s.selectedId === conversationId ? null : s.selectedId,
        removedNotice: wasOpen ? { conversationId, title } : s.removedNotice,
        departed: { ...s.departed, [conversationId]: true },
      };
    });
  },
  setLeaving: (leavingId) => {
    set({ leavingId });
  },
  dismissNotice: () => {
    set({ removedNotice: null });
  },
  select: (selectedId) => {
    set({ selectedId, removedNotice: null });
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
    set({
      list: [],
      details: {},
      loaded: false,
      selectedId: null,
      removedNotice: null,
      leavingId: null,
      departed: {},
    });
  },
}));
