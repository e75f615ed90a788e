import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loginBodySchema, refreshTokenBodySchema, registerBodySchema } from '../../../contract/auth.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../../services.ts';
import { deviceRoutes } from './devices.ts';

export interface AuthRouteOptions {
  services: AppServices;
  requestsPerMinutePerIp: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (
  app,
  { services, requestsPerMinutePerIp },
) => {
  // Password guessing and account-creation floods are throttled per address on every auth endpoint.
  const rateLimit = { max: requestsPerMinutePerIp, timeWindow: '1 minute' };

  app.post(
    '/register',
    { schema: { body: registerBodySchema }, config: { rateLimit } },
    async (request, reply) => {
      return reply
        .status(201)
        .send(await services.auth.register(request.body, request.headers['user-agent']));
    },
  );

  app.post('/login', { schema: { body: loginBodySchema }, config: { rateLimit } }, (request) =>
    services.auth.login(request.body, request.ip, request.headers['user-agent']),
  );

  app.post('/refresh', { schema: { body: refreshTokenBodySchema }, config: { rateLimit } }, (request) =>
    services.auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/logout',
    { schema: { body: refreshTokenBodySchema }, config: { rateLimit } },
    async (request, reply) => {
      await services.auth.logout(request.body.refreshToken);
      return reply.status(204).send();
    },
  );

  await app.register((authenticated, _options, done) => {
    requireAuthentication(authenticated, services.auth);
    authenticated.get('/me', (request) => services.users.me(request.userId));
    done();
  });
  await app.register(deviceRoutes, { services });
};
