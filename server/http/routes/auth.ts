import type { FastifyPluginAsync } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { requireAuthentication } from '../authenticate.ts';
import { rateLimitKeyOf } from '../client-address.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';
import { deviceRoutes } from './devices.ts';

export interface AuthRouteOptions {
  services: AppServices;
  requestsPerMinutePerIp: number;
}

export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (
  app,
  { services, requestsPerMinutePerIp },
) => {
  // Password guessing and account-creation floods are throttled per address on every auth endpoint.
  const limited = { rateLimit: { max: requestsPerMinutePerIp, timeWindow: '1 minute' } };

  serveRoute(
    app,
    routes.register,
    async (request, reply) => {
      const session = await services.auth.register(request.body, request.headers['user-agent']);
      reply.status(201);
      return session;
    },
    limited,
  );

  serveRoute(
    app,
    routes.login,
    (request) => services.auth.login(request.body, rateLimitKeyOf(request.ip), request.headers['user-agent']),
    limited,
  );

  serveRoute(app, routes.refresh, (request) => services.auth.refresh(request.body.refreshToken), limited);

  serveRoute(
    app,
    routes.logout,
    async (request, reply) => {
      await services.auth.logout(request.body.refreshToken);
      reply.status(204);
      return undefined;
    },
    limited,
  );

  await app.register((authenticated, _options, done) => {
    requireAuthentication(authenticated, services.auth);
    serveRoute(authenticated, routes.me, (request) => services.users.me(request.userId));
    done();
  });
  await app.register(deviceRoutes, { services });
};
