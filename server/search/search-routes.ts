import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../contract/routes.ts';
import { requireAuthentication } from '../http/authenticate.ts';
import { serveRoute } from '../http/serve-route.ts';
import type { UserRateLimiter } from '../domain/user-rate-limiter.ts';
import type { AppServices } from '../services.ts';
import { SearchService } from './search-service.ts';

export interface SearchRouteOptions {
  services: AppServices;
  /** Each user's budget of searches (a full-text query over all their conversations costs the database). */
  budget: UserRateLimiter;
}

export const searchRoutes: FastifyPluginCallback<SearchRouteOptions> = (app, { services, budget }, done) => {
  requireAuthentication(app, services.auth);
  const search = new SearchService(services.repository);
  serveRoute(app, routes.searchMessages, async (request) => {
    await budget.consume(request.userId);
    return search.searchMessages(request.userId, request.query);
  });
  done();
};
