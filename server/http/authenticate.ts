import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../domain/auth-service.ts';
import { unauthenticated } from '../errors.ts';
import { checkGuestScope, guestRequestBudget } from '../join/guest-scope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every route that requires a signed-in user. */
    userId: string;
    /** The sign-in the access token belongs to (its `sid`), so a route can tell "this device" from others. */
    sessionId: string;
    /** Set for a guest's token: the one conversation it may reach. */
    guestConversationId: string | null;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Makes every route registered in `scope` require a valid access token. */
export function requireAuthentication(scope: FastifyInstance, auth: AuthService): void {
  scope.decorateRequest('userId', '');
  scope.decorateRequest('sessionId', '');
  scope.decorateRequest('guestConversationId', null);
  scope.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) throw unauthenticated('Missing "Authorization: Bearer <token>" header');
    const { userId, sessionId, guestConversationId } = await auth.authenticate(token);
    request.userId = userId;
    request.sessionId = sessionId;
    request.guestConversationId = guestConversationId;
    if (guestConversationId !== null) {
      checkGuestScope(guestConversationId, request.method, request.routeOptions.url, request.params);
      await guestRequestBudget(auth).consume(userId);
    }
  });
}
