import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { updateMeBodySchema, userSearchQuerySchema } from '../../../contract/users.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../../services.ts';

export const userRoutes: FastifyPluginCallbackZod<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);

  app.patch('/me', { schema: { body: updateMeBodySchema } }, (request) =>
    services.users.updateMe(request.userId, request.body),
  );

  app.get('/search', { schema: { querystring: userSearchQuerySchema } }, (request) =>
    services.users.search(request.userId, request.query.q, request.query.limit),
  );
  done();
};
