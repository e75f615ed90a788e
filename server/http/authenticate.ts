import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../domain/auth-service.ts';
import { unauthenticated } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every route that requires a signed-in user. */
    userId: string;
    /** The sign-in the access token belongs to (its `sid`), so a route can tell "this device" from others. */
    sessionId: string;
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
  scope.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) throw unauthenticated('Missing "Authorization: Bearer <token>" header');
    const { userId, sessionId } = await auth.authenticate(token);
    request.userId = userId;
    request.sessionId = sessionId;
  });
}
