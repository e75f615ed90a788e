import { create } from 'zustand';
import type { MessageDto, MessagePage } from '../../../../contract/messages.ts';
import { emptyTimeline, markDeleted, mergePage, upsertMessage, type Timeline } from './timeline.ts';

interface TimelineState {
  timelines: Record<string, Timeline>;
  applyMessage: (message: MessageDto) => void;
  applyDeleted: (conversationId: string, messageId: string, version: number) => void;
  /** An older page from the `before` cursor (or the first page when the timeline was empty). */
  applyPage: (conversationId: string, page: MessagePage, older: boolean) => void;
  /**
   * Messages kept on this device from an earlier session (offline cache), shown before the server answers.
   * Never replaces a timeline already loaded. Not `loadedOnce`: the first page from the server then sets
   * the older-page cursor, since the cached messages may end far from what the server now has as newest.
   */
  restore: (conversationId: string, messages: MessageDto[]) => void;
  reset: () => void;
}

export const useTimelines = create<TimelineState>((set) => ({
  timelines: {},
  applyMessage: (message) => {
    set((s) => {
      const current = s.timelines[message.conversationId];
      // A conversation never opened keeps no history: its first open fetches the current state.
      if (current === undefined) return s;
      return {
        timelines: {
          ...s.timelines,
          [message.conversationId]: { ...current, messages: upsertMessage(current.messages, message) },
        },
      };
    });
  },
  applyDeleted: (conversationId, messageId, version) => {
    set((s) => {
      const current = s.timelines[conversationId];
      if (current === undefined) return s;
      return {
        timelines: {
          ...s.timelines,
          [conversationId]: { ...current, messages: markDeleted(current.messages, messageId, version) },
        },
      };
    });
  },
  applyPage: (conversationId, page, older) => {
    set((s) => {
      const current = s.timelines[conversationId] ?? emptyTimeline;
      const nextCursor = older || !current.loadedOnce ? page.nextCursor : current.nextCursor;
      return {
        timelines: {
          ...s.timelines,
          [conversationId]: {
            messages: mergePage(current.messages, page.messages),
            nextCursor,
            loadedOnce: true,
          },
        },
      };
    });
  },
  restore: (conversationId, messages) => {
    set((s) => {
      if (s.timelines[conversationId] !== undefined) return s;
      return {
        timelines: {
          ...s.timelines,
          [conversationId]: { messages: mergePage([], messages), nextCursor: null, loadedOnce: false },
        },
      };
    });
  },
  reset: () => {
    set({ timelines: {} });
  },
}));
