import type { CreateShareLinkBody, GuestJoinBody } from '../../../../contract/join.ts';
import { routes } from '../../../../contract/routes.ts';
import type { HttpClient } from '../../lib/api/httpClient.ts';

/** The calls of join links (contract/join.ts): the admins' link management, the preview and both joins. */
export function createJoinApi(http: HttpClient) {
  return {
    createShareLink: (conversationId: string, body: CreateShareLinkBody) =>
      http.call(routes.createShareLink, { params: { conversationId }, body }),
    shareLinks: (conversationId: string) => http.call(routes.shareLinks, { params: { conversationId } }),
    revokeShareLink: (conversationId: string, linkId: string) =>
      http.call(routes.revokeShareLink, { params: { conversationId, linkId } }),
    joinPreview: (code: string) => http.call(routes.joinPreview, { params: { code } }),
    joinAsGuest: (code: string, body: GuestJoinBody) =>
      http.call(routes.joinAsGuest, { params: { code }, body }),
    joinWithAccount: (code: string) => http.call(routes.joinWithAccount, { params: { code } }),
  };
}

export type JoinApi = ReturnType<typeof createJoinApi>;
