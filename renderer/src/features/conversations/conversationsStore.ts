import { create } from 'zustand';
import type { ConversationDetail, ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { mentions } from '../../../../contract/mentions.ts';

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
   * Conversations this user left or was removed from, with the last ticket issued before it happened: a
   * list or detail requested before the removal may answer after it and must not bring them back, while
   * one requested after it is the server's word (the user may have been added again while offline).
   */
  departed: Record<string, number>;
  /** Ticket of the request behind each conversation's newest applied detail: older answers lose. */
  detailTickets: Record<string, number>;
  /**
   * Answers are applied with the ticket taken when they were requested (requestTicket()); without one they
   * count as requested now.
   */
  setList: (list: ConversationSummary[], ticket?: number) => void;
  upsert: (conversation: ConversationSummary) => void;
  setDetail: (detail: ConversationDetail, ticket?: number) => void;
  remove: (conversationId: string) => void;
  /**
   * The server says this user is no longer a member (conversation:removed): removed by someone, or left,
   * perhaps from another window, which is no surprise to tell about.
   */
  removedByServer: (conversationId: string, reason?: 'left' | 'removed') => void;
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

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

let lastTicket = 0;

/** Taken just before a list or detail request, and handed back with its answer. */
export function requestTicket(): number {
  lastTicket += 1;
  return lastTicket;
}

/** Whether an answer requested under `ticket` may still speak of a conversation the user departed. */
function requestedAfterDeparture(departed: Record<string, number>, id: string, ticket: number): boolean {
  const at = departed[id];
  return at === undefined || ticket > at;
}

type ConversationsData = Pick<
  ConversationsState,
  'list' | 'details' | 'loaded' | 'selectedId' | 'removedNotice' | 'leavingId' | 'departed' | 'detailTickets'
>;

/** What a signed-out client holds: nothing. A fresh object each time, so no state is shared between users. */
function emptyState(): ConversationsData {
  return {
    list: [],
    details: {},
    loaded: false,
    selectedId: null,
    removedNotice: null,
    leavingId: null,
    departed: {},
    detailTickets: {},
  };
}

export const useConversations = create<ConversationsState>((set) => ({
  ...emptyState(),
  setList: (list, ticket = requestTicket()) => {
    set((s) => {
      let departed = s.departed;
      const kept = list.flatMap((c) => {
        if (!requestedAfterDeparture(s.departed, c.id, ticket)) return [];
        departed = without(departed, c.id);
        // A detail requested after this list knows the newer title and members.
        const current = s.list.find((known) => known.id === c.id);
        const newer = (s.detailTickets[c.id] ?? 0) > ticket && current !== undefined;
        return [
          newer ? { ...c, title: current.title, memberCount: current.memberCount, peer: current.peer } : c,
        ];
      });
      return { list: kept.sort(byActivity), loaded: true, departed };
    });
  },
  upsert: (conversation) => {
    set((s) => ({
      list: [...s.list.filter((c) => c.id !== conversation.id), conversation].sort(byActivity),
      departed: without(s.departed, conversation.id),
    }));
  },
  setDetail: (detail, ticket = requestTicket()) => {
    set((s) => {
      if (!requestedAfterDeparture(s.departed, detail.id, ticket)) return {};
      if ((s.detailTickets[detail.id] ?? 0) > ticket) return {};
      const summary: ConversationSummary = detail;
      const known = s.list.some((c) => c.id === detail.id);
      const list = known
        ? s.list.map((c) =>
            c.id === detail.id
              ? { ...c, title: summary.title, memberCount: summary.memberCount, peer: summary.peer }
              : c,
          )
        : [...s.list, summary].sort(byActivity);
      return {
        details: { ...s.details, [detail.id]: detail },
        list,
        departed: without(s.departed, detail.id),
        detailTickets: { ...s.detailTickets, [detail.id]: ticket },
      };
    });
  },
  remove: (conversationId) => {
    set((s) => ({
      list: s.list.filter((c) => c.id !== conversationId),
      selectedId: s.selectedId === conversationId ? null : s.selectedId,
      departed: { ...s.departed, [conversationId]: lastTicket },
    }));
  },
  removedByServer: (conversationId, reason = 'removed') => {
    set((s) => {
      const wasOpen =
        s.selectedId === conversationId && s.leavingId !== conversationId && reason === 'removed';
      const title = s.list.find((c) => c.id === conversationId)?.title ?? null;
      return {
        list: s.list.filter((c) => c.id !== conversationId),
        selectedId: s.selectedId === conversationId ? null : s.selectedId,
        removedNotice: wasOpen ? { conversationId, title } : s.removedNotice,
        departed: { ...s.departed, [conversationId]: lastTicket },
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
          const unread = isNewMessage && countsAsUnread && message.sender.id !== selfId;
          return {
            ...c,
            lastMessage: message,
            lastMessageAt: message.createdAt,
            unreadCount: unread ? c.unreadCount + 1 : c.unreadCount,
            unreadMentionCount:
              unread && mentions(message.content, selfId) ? c.unreadMentionCount + 1 : c.unreadMentionCount,
          };
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
    set((s) => ({
      list: s.list.map((c) =>
        c.id === conversationId ? { ...c, unreadCount: 0, unreadMentionCount: 0 } : c,
      ),
    }));
  },
  reset: () => {
    set(emptyState());
  },
}));
