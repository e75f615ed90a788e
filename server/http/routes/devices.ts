import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { sessionParamsSchema } from '../../../contract/auth.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../../services.ts';

/**
 * "Your devices", under /api/auth: the caller's own sign-ins, listed and ended. Whose they are comes from
 * the access token (user and sign-in), never from input.
 */
export const deviceRoutes: FastifyPluginCallbackZod<{ services: AppServices }> = (
  app,
  { services },
  done,
) => {
  requireAuthentication(app, services.auth);
  const { devices } = services;

  app.get('/sessions', (request) => devices.list(request.userId, request.sessionId));

  app.delete('/sessions/:sessionId', { schema: { params: sessionParamsSchema } }, async (request, reply) => {
    await devices.end(request.userId, request.params.sessionId);
    return reply.status(204).send();
  });

  app.post('/sessions/end-others', (request) => devices.endOthers(request.userId, request.sessionId));

  done();
};
