import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  addMembersBodySchema,
  conversationParamsSchema,
  createConversationBodySchema,
  memberParamsSchema,
  updateConversationBodySchema,
  updateMemberBodySchema,
} from '../../../contract/conversations.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../../services.ts';

export const conversationRoutes: FastifyPluginCallbackZod<{ services: AppServices }> = (
  app,
  { services },
  done,
) => {
  requireAuthentication(app, services.auth);
  const { conversations } = services;

  app.get('/', (request) => conversations.list(request.userId));

  app.post('/', { schema: { body: createConversationBodySchema } }, async (request, reply) => {
    const { detail, created } = await conversations.create(request.userId, request.body);
    return reply.status(created ? 201 : 200).send(detail);
  });

  app.get('/:conversationId', { schema: { params: conversationParamsSchema } }, (request) =>
    conversations.get(request.userId, request.params.conversationId),
  );

  app.patch(
    '/:conversationId',
    { schema: { params: conversationParamsSchema, body: updateConversationBodySchema } },
    (request) => conversations.update(request.userId, request.params.conversationId, request.body),
  );

  app.post(
    '/:conversationId/members',
    { schema: { params: conversationParamsSchema, body: addMembersBodySchema } },
    (request) =>
      conversations.addMembers(
        request.userId,
        request.params.conversationId,
        request.body.userIds,
        request.body.role,
      ),
  );

  app.patch(
    '/:conversationId/members/:userId',
    { schema: { params: memberParamsSchema, body: updateMemberBodySchema } },
    async (request, reply) => {
      await conversations.setRole(
        request.userId,
        request.params.conversationId,
        request.params.userId,
        request.body.role,
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    '/:conversationId/members/:userId',
    { schema: { params: memberParamsSchema } },
    async (request, reply) => {
      await conversations.removeMember(request.userId, request.params.conversationId, request.params.userId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/:conversationId/leave',
    { schema: { params: conversationParamsSchema } },
    async (request, reply) => {
      await conversations.leave(request.userId, request.params.conversationId);
      return reply.status(204).send();
    },
  );
  done();
};
