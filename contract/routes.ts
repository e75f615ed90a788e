import {
  loginBodySchema,
  refreshTokenBodySchema,
  registerBodySchema,
  sessionParamsSchema,
  type AuthSession,
  type DeviceSession,
  type EndedSessions,
} from './auth.ts';
import {
  attachmentParamsSchema,
  uploadAttachmentQuerySchema,
  type AttachmentBytes,
  type AttachmentDto,
} from './attachments.ts';
import {
  addMembersBodySchema,
  conversationParamsSchema,
  createConversationBodySchema,
  memberParamsSchema,
  updateConversationBodySchema,
  updateMemberBodySchema,
  type ConversationDetail,
  type ConversationSummary,
} from './conversations.ts';
import type { SentMessage } from './events.ts';
import {
  editMessageBodySchema,
  historyQuerySchema,
  messageParamsSchema,
  reactionBodySchema,
  reactionParamsSchema,
  readBodySchema,
  sendMessageBodySchema,
  syncQuerySchema,
  type MessageDto,
  type MessagePage,
  type SyncPage,
} from './messages.ts';
import {
  createShareLinkBodySchema,
  guestJoinBodySchema,
  joinCodeParamsSchema,
  shareLinkParamsSchema,
  type CreatedShareLink,
  type GuestSession,
  type JoinPreview,
  type ShareLinkDto,
} from './join.ts';
import { answer, noContent, type ParamsMatchPath, type RouteSpec } from './route-spec.ts';
import {
  downloadModelBodySchema,
  importModelBodySchema,
  modelTierParamsSchema,
  translateBodySchema,
  type LanguagesResponse,
  type ModelInfo,
  type TranslateAccepted,
} from './translations.ts';
import {
  grantRoleBodySchema,
  updateMeBodySchema,
  userIdParamsSchema,
  userSearchQuerySchema,
  type PublicUser,
  type SelfUser,
} from './users.ts';

/** Keeps each entry's literal types (path, schemas, answer) while checking it is a route. */
function route<const Route extends RouteSpec>(spec: Route): Route {
  return spec;
}

/**
 * Every HTTP route of the API the client speaks, as the socket events are in events.ts: the server registers
 * each one from its entry (server/http/routes/*.ts) and the client calls it from the same entry
 * (renderer/src/lib/api). The operator's routes (GET /health, GET /metrics) are not part of it.
 */
export const routes = {
  register: route({
    method: 'POST',
    path: '/api/auth/register',
    auth: false,
    body: registerBodySchema,
    answer: answer<AuthSession>(),
  }),
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    auth: false,
    body: loginBodySchema,
    answer: answer<AuthSession>(),
  }),
  refresh: route({
    method: 'POST',
    path: '/api/auth/refresh',
    auth: false,
    body: refreshTokenBodySchema,
    answer: answer<AuthSession>(),
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    auth: false,
    body: refreshTokenBodySchema,
    answer: noContent,
  }),
  me: route({ method: 'GET', path: '/api/auth/me', auth: true, answer: answer<SelfUser>() }),
  sessions: route({
    method: 'GET',
    path: '/api/auth/sessions',
    auth: true,
    answer: answer<DeviceSession[]>(),
  }),
  endSession: route({
    method: 'DELETE',
    path: '/api/auth/sessions/:sessionId',
    auth: true,
    params: sessionParamsSchema,
    answer: noContent,
  }),
  endOtherSessions: route({
    method: 'POST',
    path: '/api/auth/sessions/end-others',
    auth: true,
    answer: answer<EndedSessions>(),
  }),

  updateMe: route({
    method: 'PATCH',
    path: '/api/users/me',
    auth: true,
    body: updateMeBodySchema,
    answer: answer<SelfUser>(),
  }),
  searchUsers: route({
    method: 'GET',
    path: '/api/users/search',
    auth: true,
    query: userSearchQuerySchema,
    answer: answer<PublicUser[]>(),
  }),
  /** The owner makes someone an operator of this server (model management), or a plain member again. */
  grantServerRole: route({
    method: 'PUT',
    path: '/api/users/:userId/role',
    auth: true,
    params: userIdParamsSchema,
    body: grantRoleBodySchema,
    answer: noContent,
  }),

  conversations: route({
    method: 'GET',
    path: '/api/conversations',
    auth: true,
    answer: answer<ConversationSummary[]>(),
  }),
  /** 201 when created, 200 when the direct conversation already existed. */
  createConversation: route({
    method: 'POST',
    path: '/api/conversations',
    auth: true,
    body: createConversationBodySchema,
    answer: answer<ConversationDetail>(),
  }),
  conversation: route({
    method: 'GET',
    path: '/api/conversations/:conversationId',
    auth: true,
    params: conversationParamsSchema,
    answer: answer<ConversationDetail>(),
  }),
  updateConversation: route({
    method: 'PATCH',
    path: '/api/conversations/:conversationId',
    auth: true,
    params: conversationParamsSchema,
    body: updateConversationBodySchema,
    answer: answer<ConversationDetail>(),
  }),
  addMembers: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/members',
    auth: true,
    params: conversationParamsSchema,
    body: addMembersBodySchema,
    answer: answer<ConversationDetail>(),
  }),
  setMemberRole: route({
    method: 'PATCH',
    path: '/api/conversations/:conversationId/members/:userId',
    auth: true,
    params: memberParamsSchema,
    body: updateMemberBodySchema,
    answer: noContent,
  }),
  removeMember: route({
    method: 'DELETE',
    path: '/api/conversations/:conversationId/members/:userId',
    auth: true,
    params: memberParamsSchema,
    answer: noContent,
  }),
  leaveConversation: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/leave',
    auth: true,
    params: conversationParamsSchema,
    answer: noContent,
  }),

  history: route({
    method: 'GET',
    path: '/api/conversations/:conversationId/messages',
    auth: true,
    params: conversationParamsSchema,
    query: historyQuerySchema,
    answer: answer<MessagePage>(),
  }),
  /** 201 when stored, 200 when it was a retry of a message already stored. */
  sendMessage: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/messages',
    auth: true,
    params: conversationParamsSchema,
    body: sendMessageBodySchema,
    answer: answer<SentMessage>(),
  }),
  editMessage: route({
    method: 'PATCH',
    path: '/api/conversations/:conversationId/messages/:messageId',
    auth: true,
    params: messageParamsSchema,
    body: editMessageBodySchema,
    answer: answer<MessageDto>(),
  }),
  deleteMessage: route({
    method: 'DELETE',
    path: '/api/conversations/:conversationId/messages/:messageId',
    auth: true,
    params: messageParamsSchema,
    answer: noContent,
  }),
  addReaction: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/messages/:messageId/reactions',
    auth: true,
    params: messageParamsSchema,
    body: reactionBodySchema,
    answer: answer<MessageDto>(),
  }),
  removeReaction: route({
    method: 'DELETE',
    path: '/api/conversations/:conversationId/messages/:messageId/reactions/:emoji',
    auth: true,
    params: reactionParamsSchema,
    answer: answer<MessageDto>(),
  }),
  markRead: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/read',
    auth: true,
    params: conversationParamsSchema,
    body: readBodySchema,
    answer: noContent,
  }),
  sync: route({
    method: 'GET',
    path: '/api/sync',
    auth: true,
    query: syncQuerySchema,
    answer: answer<SyncPage>(),
  }),

  /**
   * multipart/form-data with one file, sent before the message that names it (its `clientMessageId` and place);
   * a retry lands on the same attachment. 413 too large, 415 refused type, 400 past the count per message.
   */
  uploadAttachment: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/attachments',
    auth: true,
    params: conversationParamsSchema,
    query: uploadAttachmentQuerySchema,
    answer: answer<AttachmentDto>(),
  }),
  /** The file's bytes, to members of its conversation only; shown in place only if an image or a sound. */
  attachmentFile: route({
    method: 'GET',
    path: '/api/attachments/:attachmentId',
    auth: true,
    params: attachmentParamsSchema,
    answer: answer<AttachmentBytes>(),
  }),
  attachmentThumbnail: route({
    method: 'GET',
    path: '/api/attachments/:attachmentId/thumbnail',
    auth: true,
    params: attachmentParamsSchema,
    answer: answer<AttachmentBytes>(),
  }),

  languages: route({
    method: 'GET',
    path: '/api/languages',
    auth: true,
    answer: answer<LanguagesResponse>(),
  }),
  /** 202: the translation arrives on the socket. */
  translate: route({
    method: 'POST',
    path: '/api/translate',
    auth: true,
    body: translateBodySchema,
    answer: answer<TranslateAccepted>(),
  }),
  models: route({ method: 'GET', path: '/api/models', auth: true, answer: answer<ModelInfo[]>() }),
  /** 202: progress follows on the socket as `model:progress`. */
  downloadModel: route({
    method: 'POST',
    path: '/api/models/:tier/download',
    auth: true,
    params: modelTierParamsSchema,
    body: downloadModelBodySchema,
    answer: answer<ModelInfo>(),
  }),
  /** 202: the model is installed and loading; owner only, from the machine itself (loopback). */
  importModel: route({
    method: 'POST',
    path: '/api/models/:tier/import',
    auth: true,
    params: modelTierParamsSchema,
    body: importModelBodySchema,
    answer: answer<ModelInfo>(),
  }),

  /** A group's admins share it by link (contract/join.ts); the code is in the answer only here. */
  createShareLink: route({
    method: 'POST',
    path: '/api/conversations/:conversationId/share-links',
    auth: true,
    params: conversationParamsSchema,
    body: createShareLinkBodySchema,
    answer: answer<CreatedShareLink>(),
  }),
  shareLinks: route({
    method: 'GET',
    path: '/api/conversations/:conversationId/share-links',
    auth: true,
    params: conversationParamsSchema,
    answer: answer<ShareLinkDto[]>(),
  }),
  revokeShareLink: route({
    method: 'DELETE',
    path: '/api/conversations/:conversationId/share-links/:linkId',
    auth: true,
    params: shareLinkParamsSchema,
    answer: noContent,
  }),
  /** Public: the group's name and member count, for whoever holds the link. */
  joinPreview: route({
    method: 'GET',
    path: '/api/join/:code',
    auth: false,
    params: joinCodeParamsSchema,
    answer: answer<JoinPreview>(),
  }),
  /** Public: joins without an account; the answer is the guest's sign-in, bound to that conversation. */
  joinAsGuest: route({
    method: 'POST',
    path: '/api/join/:code/guest',
    auth: false,
    params: joinCodeParamsSchema,
    body: guestJoinBodySchema,
    answer: answer<GuestSession>(),
  }),
  /** A signed-in user joins with their account (200 when already a member). */
  joinWithAccount: route({
    method: 'POST',
    path: '/api/join/:code',
    auth: true,
    params: joinCodeParamsSchema,
    answer: answer<ConversationDetail>(),
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Holds<Check extends true> = Check;
/** The routes whose params schema does not name exactly their path's parameters; must stay empty. */
type ParamsMismatch = {
  [Name in RouteName]: ParamsMatchPath<Routes[Name]> extends true ? never : Name;
}[RouteName];
type _EveryParamsSchemaMatchesItsPath = Holds<[ParamsMismatch] extends [never] ? true : false>;
