import type { MemberRole } from '../../../../contract/conversations.ts';
import type { RouteInput } from '../../../../contract/route-spec.ts';
import { routes, type Routes } from '../../../../contract/routes.ts';
import type { HttpClient } from './httpClient.ts';

/** Register input before zod defaults apply: what the client actually sends. */
export type RegisterInput = RouteInput<Routes['register']>['body'];

/**
 * The calls the screens make, each one route of contract/routes.ts: paths, bodies and answer types all come
 * from the table, so nothing here is typed by hand.
 */
export function createMeeshyApi(http: HttpClient) {
  return {
    register: (body: RegisterInput) => http.call(routes.register, { body }),
    login: (body: RouteInput<Routes['login']>['body']) => http.call(routes.login, { body }),
    refresh: (refreshToken: string) => http.call(routes.refresh, { body: { refreshToken } }),
    logout: (refreshToken: string) => http.call(routes.logout, { body: { refreshToken } }),
    me: () => http.call(routes.me, {}),
    sessions: () => http.call(routes.sessions, {}),
    endSession: (sessionId: string) => http.call(routes.endSession, { params: { sessionId } }),
    endOtherSessions: () => http.call(routes.endOtherSessions, {}),
    updateMe: (body: RouteInput<Routes['updateMe']>['body']) => http.call(routes.updateMe, { body }),
    searchUsers: (q: string, limit = 10) => http.call(routes.searchUsers, { query: { q, limit } }),
    /** The owner names an operator of this server (model management), or makes them a plain member again. */
    grantServerRole: (userId: string, role: RouteInput<Routes['grantServerRole']>['body']['role']) =>
      http.call(routes.grantServerRole, { params: { userId }, body: { role } }),

    conversations: () => http.call(routes.conversations, {}),
    conversation: (id: string) => http.call(routes.conversation, { params: { conversationId: id } }),
    createConversation: (body: RouteInput<Routes['createConversation']>['body']) =>
      http.call(routes.createConversation, { body }),
    renameConversation: (id: string, title: string) =>
      http.call(routes.updateConversation, { params: { conversationId: id }, body: { title } }),
    describeConversation: (id: string, description: string) =>
      http.call(routes.updateConversation, { params: { conversationId: id }, body: { description } }),
    addMembers: (id: string, userIds: string[]) =>
      http.call(routes.addMembers, { params: { conversationId: id }, body: { userIds } }),
    setMemberRole: (id: string, userId: string, role: MemberRole) =>
      http.call(routes.setMemberRole, { params: { conversationId: id, userId }, body: { role } }),
    removeMember: (id: string, userId: string) =>
      http.call(routes.removeMember, { params: { conversationId: id, userId } }),
    leaveConversation: (id: string) =>
      http.call(routes.leaveConversation, { params: { conversationId: id } }),

    history: (conversationId: string, before: number | null, limit = 30) =>
      http.call(routes.history, {
        params: { conversationId },
        query: { limit, before: before ?? undefined },
      }),
    editMessage: (conversationId: string, messageId: string, content: string) =>
      http.call(routes.editMessage, { params: { conversationId, messageId }, body: { content } }),
    deleteMessage: (conversationId: string, messageId: string) =>
      http.call(routes.deleteMessage, { params: { conversationId, messageId } }),
    addReaction: (conversationId: string, messageId: string, emoji: string) =>
      http.call(routes.addReaction, { params: { conversationId, messageId }, body: { emoji } }),
    removeReaction: (conversationId: string, messageId: string, emoji: string) =>
      http.call(routes.removeReaction, { params: { conversationId, messageId, emoji } }),
    markRead: (conversationId: string, messageId: string) =>
      http.call(routes.markRead, { params: { conversationId }, body: { messageId } }),
    sync: (since: number, limit = 500) => http.call(routes.sync, { query: { since, limit } }),
  };
}

export type MeeshyApi = ReturnType<typeof createMeeshyApi>;
