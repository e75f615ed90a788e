import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { AppServices } from '../../services.ts';

/** Routes under /api/conversations/:conversationId/… that deal with messages, plus /api/sync. */
export const messageRoutes: FastifyPluginCallback<{ services: AppServices }> = (app, { services }, done) => {
  requireAuthentication(app, services.auth);
  const { messages } = services;

  serveRoute(app, routes.history, (request) =>
    messages.history(
      request.userId,
      request.params.conversationId,
      request.query.before,
      request.query.limit,
    ),
  );

  serveRoute(app, routes.sendMessage, async (request, reply) => {
    const sent = await messages.send(request.userId, request.params.conversationId, request.body, 'rest');
    reply.status(sent.duplicate ? 200 : 201);
    return sent;
  });

  serveRoute(app, routes.editMessage, (request) => {
    const { conversationId, messageId } = request.params;
    return messages.edit(request.userId, conversationId, messageId, request.body.content);
  });

  serveRoute(app, routes.deleteMessage, async (request, reply) => {
    await messages.remove(request.userId, request.params.conversationId, request.params.messageId);
    reply.status(204);
    return undefined;
  });

  serveRoute(app, routes.addReaction, (request) => {
    const { conversationId, messageId } = request.params;
    return messages.react(request.userId, conversationId, messageId, request.body.emoji);
  });

  serveRoute(app, routes.removeReaction, (request) => {
    const { conversationId, messageId, emoji } = request.params;
    return messages.unreact(request.userId, conversationId, messageId, emoji);
  });

  serveRoute(app, routes.markRead, async (request, reply) => {
    await messages.markRead(request.userId, request.params.conversationId, request.body.messageId);
    reply.status(204);
    return undefined;
  });

  serveRoute(app, routes.sync, (request) =>
    messages.sync(request.userId, request.query.since, request.query.limit),
  );
  done();
};
