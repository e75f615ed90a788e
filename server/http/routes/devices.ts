import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';

/**
 * "Your devices", under /api/auth: the caller's own sign-ins, listed and ended. Whose they are comes from
 * the access token (user and sign-in), never from input.
 */
export const deviceRoutes: FastifyPluginCallback<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);
  const { devices } = services;

  serveRoute(app, routes.sessions, (request) => devices.list(request.userId, request.sessionId));

  serveRoute(app, routes.endSession, async (request, reply) => {
    await devices.end(request.userId, request.params.sessionId);
    reply.status(204);
    return undefined;
  });

  serveRoute(app, routes.endOtherSessions, (request) => devices.endOthers(request.userId, request.sessionId));

  done();
};
