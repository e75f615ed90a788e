import type { FastifyPluginCallback } from 'fastify';
import { routes } from '../../../contract/routes.ts';
import type { AuthService } from '../../domain/auth-service.ts';
import type { MessageTranslationService } from '../../translation/message-translation-service.ts';
import type { ModelService } from '../../translation/model-service.ts';
import { requireAuthentication } from '../authenticate.ts';
import { serveRoute } from '../serve-route.ts';
import type { ChatRepository } from '../../db/repository.ts';
import { requireLocalOwner, requireModelManager } from '../../domain/server-roles.ts';

export interface TranslationRouteOptions {
  auth: AuthService;
  repository: ChatRepository;
  translations: MessageTranslationService;
  models: ModelService;
}

export const translationRoutes: FastifyPluginCallback<TranslationRouteOptions> = (
  app,
  { auth, repository, translations, models },
  done,
) => {
  requireAuthentication(app, auth);

  serveRoute(app, routes.languages, () => translations.languages());

  serveRoute(app, routes.translate, async (request, reply) => {
    const accepted = await translations.request(request.userId, request.body);
    reply.status(202);
    return accepted;
  });

  serveRoute(app, routes.models, () => models.list());

  serveRoute(app, routes.downloadModel, async (request, reply) => {
    await requireModelManager(repository, request.userId);
    const model = await models.download(request.params.tier, request.body.acceptLicense);
    reply.status(202);
    return model;
  });

  serveRoute(app, routes.importModel, async (request, reply) => {
    // The socket's own address, not a forwarded header: only a client on this machine qualifies.
    await requireLocalOwner(repository, request.userId, request.socket.remoteAddress);
    const model = await models.importFolder(request.params.tier, request.body.folder);
    reply.status(202);
    return model;
  });

  done();
};
