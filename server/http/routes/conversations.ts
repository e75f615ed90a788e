import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';

export const conversationRoutes: FastifyPluginCallback<{ services: AppServices }> = (
  app,
  { services },
  done,
) => {
  requireAuthentication(app, services.auth);
  const { conversations } = services;

  serveRoute(app, routes.conversations, (request) => conversations.list(request.userId));

  serveRoute(app, routes.createConversation, async (request, reply) => {
    const { detail, created } = await conversations.create(request.userId, request.body);
    reply.status(created ? 201 : 200);
    return detail;
  });

  serveRoute(app, routes.conversation, (request) =>
    conversations.get(request.userId, request.params.conversationId),
  );

  serveRoute(app, routes.updateConversation, (request) =>
    conversations.update(request.userId, request.params.conversationId, request.body),
  );

  serveRoute(app, routes.addMembers, (request) =>
    conversations.addMembers(
      request.userId,
      request.params.conversationId,
      request.body.userIds,
      request.body.role,
    ),
  );

  serveRoute(app, routes.setMemberRole, async (request, reply) => {
    const { conversationId, userId } = request.params;
    await conversations.setRole(request.userId, conversationId, userId, request.body.role);
    reply.status(204);
    return undefined;
  });

  serveRoute(app, routes.removeMember, async (request, reply) => {
    await conversations.removeMember(request.userId, request.params.conversationId, request.params.userId);
    reply.status(204);
    return undefined;
  });

  serveRoute(app, routes.leaveConversation, async (request, reply) => {
    await conversations.leave(request.userId, request.params.conversationId);
    reply.status(204);
    return undefined;
  });
  done();
};
