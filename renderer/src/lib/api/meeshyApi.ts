import type {
  AuthSession,
  DeviceSession,
  EndedSessions,
  LoginBody,
  RegisterBody,
} from '../../../../contract/auth.ts';
import type {
  ConversationDetail,
  ConversationSummary,
  CreateConversationBody,
  MemberRole,
} from '../../../../contract/conversations.ts';
import type { MessageDto, MessagePage, SyncPage } from '../../../../contract/messages.ts';
import type { PublicUser, SelfUser, UpdateMeBody } from '../../../../contract/users.ts';
import type { HttpClient } from './httpClient.ts';

const enc = encodeURIComponent;

/** Register input before zod defaults apply: what the client actually sends. */
export type RegisterInput = Omit<RegisterBody, 'systemLanguage'> & { systemLanguage?: string };

/** Every HTTP route of the contract the client uses, typed end to end. */
export function createMeeshyApi(http: HttpClient) {
  return {
    register: (body: RegisterInput) =>
      http.request<AuthSession>('POST', '/api/auth/register', body, { auth: false }),
    login: (body: LoginBody) => http.request<AuthSession>('POST', '/api/auth/login', body, { auth: false }),
    refresh: (refreshToken: string) =>
      http.request<AuthSession>('POST', '/api/auth/refresh', { refreshToken }, { auth: false }),
    logout: (refreshToken: string) =>
      http.request<undefined>('POST', '/api/auth/logout', { refreshToken }, { auth: false }),
    me: () => http.request<SelfUser>('GET', '/api/auth/me'),
    sessions: () => http.request<DeviceSession[]>('GET', '/api/auth/sessions'),
    endSession: (sessionId: string) =>
      http.request<undefined>('DELETE', `/api/auth/sessions/${enc(sessionId)}`),
    endOtherSessions: () => http.request<EndedSessions>('POST', '/api/auth/sessions/end-others'),
    updateMe: (body: UpdateMeBody) => http.request<SelfUser>('PATCH', '/api/users/me', body),
    searchUsers: (q: string, limit = 10) =>
      http.request<PublicUser[]>('GET', `/api/users/search?q=${enc(q)}&limit=${limit}`),

    conversations: () => http.request<ConversationSummary[]>('GET', '/api/conversations'),
    conversation: (id: string) => http.request<ConversationDetail>('GET', `/api/conversations/${enc(id)}`),
    createConversation: (body: CreateConversationBody) =>
      http.request<ConversationDetail>('POST', '/api/conversations', body),
    renameConversation: (id: string, title: string) =>
      http.request<ConversationDetail>('PATCH', `/api/conversations/${enc(id)}`, { title }),
    describeConversation: (id: string, description: string) =>
      http.request<ConversationDetail>('PATCH', `/api/conversations/${enc(id)}`, { description }),
    addMembers: (id: string, userIds: string[]) =>
      http.request<ConversationDetail>('POST', `/api/conversations/${enc(id)}/members`, { userIds }),
    setMemberRole: (id: string, userId: string, role: MemberRole) =>
      http.request<undefined>('PATCH', `/api/conversations/${enc(id)}/members/${enc(userId)}`, { role }),
    removeMember: (id: string, userId: string) =>
      http.request<undefined>('DELETE', `/api/conversations/${enc(id)}/members/${enc(userId)}`),
    leaveConversation: (id: string) => http.request<undefined>('POST', `/api/conversations/${enc(id)}/leave`),

    history: (conversationId: string, before: number | null, limit = 30) =>
      http.request<MessagePage>(
        'GET',
        `/api/conversations/${enc(conversationId)}/messages?limit=${limit}${before === null ? '' : `&before=${before}`}`,
      ),
    editMessage: (conversationId: string, messageId: string, content: string) =>
      http.request<MessageDto>(
        'PATCH',
        `/api/conversations/${enc(conversationId)}/messages/${enc(messageId)}`,
        {
          content,
        },
      ),
    deleteMessage: (conversationId: string, messageId: string) =>
      http.request<undefined>(
        'DELETE',
        `/api/conversations/${enc(conversationId)}/messages/${enc(messageId)}`,
      ),
    addReaction: (conversationId: string, messageId: string, emoji: string) =>
      http.request<unknown>(
        'POST',
        `/api/conversations/${enc(conversationId)}/messages/${enc(messageId)}/reactions`,
        { emoji },
      ),
    removeReaction: (conversationId: string, messageId: string, emoji: string) =>
      http.request<unknown>(
        'DELETE',
        `/api/conversations/${enc(conversationId)}/messages/${enc(messageId)}/reactions/${enc(emoji)}`,
      ),
    markRead: (conversationId: string, messageId: string) =>
      http.request<unknown>('POST', `/api/conversations/${enc(conversationId)}/read`, { messageId }),
    sync: (since: number, limit = 500) =>
      http.request<SyncPage>('GET', `/api/sync?since=${since}&limit=${limit}`),
  };
}

export type MeeshyApi = ReturnType<typeof createMeeshyApi>;
