import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';

export const userRoutes: FastifyPluginCallback<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);

  serveRoute(app, routes.updateMe, (request) => services.users.updateMe(request.userId, request.body));

  serveRoute(app, routes.searchUsers, (request) =>
    services.users.search(request.userId, request.query.q, request.query.limit),
  );
  done();
};
