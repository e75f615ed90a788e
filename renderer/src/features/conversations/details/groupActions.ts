import type { MemberRole } from '../../../../../contract/conversations.ts';
import { api } from '../../../app/services.ts';
import { engine } from '../../sync/engine.ts';
import { useConversations } from '../conversationsStore.ts';

/**
 * The group changes the details dialog makes. Each applies the server's answer at once, so the person
 * who acted sees the result without waiting for the conversation:updated event the others get.
 */
export const groupActions = {
  rename: async (conversationId: string, title: string): Promise<void> => {
    useConversations.getState().setDetail(await api.renameConversation(conversationId, title));
  },

  describe: async (conversationId: string, description: string): Promise<void> => {
    useConversations.getState().setDetail(await api.describeConversation(conversationId, description));
  },

  addMembers: async (conversationId: string, userIds: string[]): Promise<void> => {
    useConversations.getState().setDetail(await api.addMembers(conversationId, userIds));
  },

  setRole: async (conversationId: string, userId: string, role: MemberRole): Promise<void> => {
    await api.setMemberRole(conversationId, userId, role);
    await engine.loadDetail(conversationId);
  },

  remove: async (conversationId: string, userId: string): Promise<void> => {
    await api.removeMember(conversationId, userId);
    await engine.loadDetail(conversationId);
  },

  leave: async (conversationId: string): Promise<void> => {
    const store = useConversations.getState();
    // The server's conversation:removed may arrive before this answer: it must not read as an eviction.
    store.setLeaving(conversationId);
    try {
      await api.leaveConversation(conversationId);
      store.remove(conversationId);
    } finally {
      store.setLeaving(null);
    }
  },
};

export type GroupActions = typeof groupActions;
