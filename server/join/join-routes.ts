import type { FastifyPluginAsync } from 'fastify';
import { routes } from '../../contract/routes.ts';
import { requireAuthentication } from '../http/authenticate.ts';
import { serveRoute } from '../http/serve-route.ts';
import type { AppServices } from '../services.ts';
import type { JoinService } from './join-service.ts';

export interface JoinRouteOptions {
  services: AppServices;
  joins: JoinService;
  /** The budget of the public routes (preview, guest join) per address, as for signing in. */
  requestsPerMinutePerIp: number;
}

export const joinRoutes: FastifyPluginAsync<JoinRouteOptions> = async (
  app,
  { services, joins, requestsPerMinutePerIp },
) => {
  // Public routes: a link's holder may look and join, a scanner of codes or a flood of guests may not.
  const limited = { rateLimit: { max: requestsPerMinutePerIp, timeWindow: '1 minute' } };

  serveRoute(app, routes.joinPreview, (request) => joins.preview(request.params.code), limited);

  serveRoute(
    app,
    routes.joinAsGuest,
    async (request, reply) => {
      const session = await joins.joinAsGuest(
        request.params.code,
        request.body,
        request.headers['user-agent'],
      );
      reply.status(201);
      return session;
    },
    limited,
  );

  await app.register((authenticated, _options, done) => {
    requireAuthentication(authenticated, services.auth);

    serveRoute(authenticated, routes.joinWithAccount, (request) =>
      joins.joinWithAccount(request.userId, request.params.code),
    );

    serveRoute(authenticated, routes.createShareLink, async (request, reply) => {
      const created = await joins.createLink(request.userId, request.params.conversationId, request.body);
      reply.status(201);
      return created;
    });

    serveRoute(authenticated, routes.shareLinks, (request) =>
      joins.listLinks(request.userId, request.params.conversationId),
    );

    serveRoute(authenticated, routes.revokeShareLink, async (request, reply) => {
      await joins.revokeLink(request.userId, request.params.conversationId, request.params.linkId);
      reply.status(204);
      return undefined;
    });
    done();
  });
};
