import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { grantServerRole } from '../../domain/server-roles.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';

export const userRoutes: FastifyPluginCallback<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);

  serveRoute(app, routes.updateMe, (request) => services.users.updateMe(request.userId, request.body));

  serveRoute(app, routes.searchUsers, (request) =>
    services.users.search(request.userId, request.query.q, request.query.limit),
  );

  serveRoute(app, routes.grantServerRole, async (request, reply) => {
    await grantServerRole(services.repository, request.userId, request.params.userId, request.body.role);
    reply.status(204);
    return undefined;
  });
  done();
};
