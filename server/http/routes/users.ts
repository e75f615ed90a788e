import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/conversations.ts';
import { grantRoleBodySchema, updateMeBodySchema, userSearchQuerySchema } from '../../../contract/users.ts';
import { grantServerRole } from '../../domain/server-roles.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../services.ts';

export const userRoutes: FastifyPluginCallbackZod<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);

  app.patch('/me', { schema: { body: updateMeBodySchema } }, (request) =>
    services.users.updateMe(request.userId, request.body),
  );

  app.get('/search', { schema: { querystring: userSearchQuerySchema } }, (request) =>
    services.users.search(request.userId, request.query.q, request.query.limit),
  );

  app.put(
    '/:userId/role',
    { schema: { params: z.object({ userId: idSchema }), body: grantRoleBodySchema } },
    async (request, reply) => {
      await grantServerRole(services.repository, request.userId, request.params.userId, request.body.role);
      return reply.status(204).send();
    },
  );
  done();
};
