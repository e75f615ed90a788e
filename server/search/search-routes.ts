import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../contract/routes.ts';
import { requireAuthentication } from '../http/authenticate.ts';
import { serveRoute } from '../http/serve-route.ts';
import type { AppServices } from '../services.ts';
import { SearchService } from './search-service.ts';

export const searchRoutes: FastifyPluginCallback<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);
  const search = new SearchService(services.repository);
  serveRoute(app, routes.searchMessages, (request) => search.searchMessages(request.userId, request.query));
  done();
};
