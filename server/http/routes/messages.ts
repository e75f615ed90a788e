import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { conversationParamsSchema } from '../../../contract/conversations.ts';
import {
  editMessageBodySchema,
  historyQuerySchema,
  messageParamsSchema,
  reactionBodySchema,
  reactionParamsSchema,
  readBodySchema,
  sendMessageBodySchema,
  syncQuerySchema,
} from '../../../contract/messages.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { AppServices } from '../../services.ts';

/** Routes under /api/conversations/:conversationId/… that deal with messages, plus /api/sync. */
export const messageRoutes: FastifyPluginCallbackZod<{ services: AppServices }> = (
  app,
  { services },
  done,
) => {
  requireAuthentication(app, services.auth);
  const { messages } = services;

  app.get(
    '/conversations/:conversationId/messages',
    { schema: { params: conversationParamsSchema, querystring: historyQuerySchema } },
    (request) =>
      messages.history(
        request.userId,
        request.params.conversationId,
        request.query.before,
        request.query.limit,
      ),
  );

  app.post(
    '/conversations/:conversationId/messages',
    { schema: { params: conversationParamsSchema, body: sendMessageBodySchema } },
    async (request, reply) => {
      const sent = await messages.send(request.userId, request.params.conversationId, request.body, 'rest');
      return reply.status(sent.duplicate ? 200 : 201).send(sent);
    },
  );

  app.patch(
    '/conversations/:conversationId/messages/:messageId',
    { schema: { params: messageParamsSchema, body: editMessageBodySchema } },
    (request) =>
      messages.edit(
        request.userId,
        request.params.conversationId,
        request.params.messageId,
        request.body.content,
      ),
  );

  app.delete(
    '/conversations/:conversationId/messages/:messageId',
    { schema: { params: messageParamsSchema } },
    async (request, reply) => {
      await messages.remove(request.userId, request.params.conversationId, request.params.messageId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/conversations/:conversationId/messages/:messageId/reactions',
    { schema: { params: messageParamsSchema, body: reactionBodySchema } },
    (request) =>
      messages.react(
        request.userId,
        request.params.conversationId,
        request.params.messageId,
        request.body.emoji,
      ),
  );

  app.delete(
    '/conversations/:conversationId/messages/:messageId/reactions/:emoji',
    { schema: { params: reactionParamsSchema } },
    (request) =>
      messages.unreact(
        request.userId,
        request.params.conversationId,
        request.params.messageId,
        request.params.emoji,
      ),
  );

  app.post(
    '/conversations/:conversationId/read',
    { schema: { params: conversationParamsSchema, body: readBodySchema } },
    async (request, reply) => {
      await messages.markRead(request.userId, request.params.conversationId, request.body.messageId);
      return reply.status(204).send();
    },
  );

  app.get('/sync', { schema: { querystring: syncQuerySchema } }, (request) =>
    messages.sync(request.userId, request.query.since, request.query.limit),
  );
  done();
};
