import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  downloadModelBodySchema,
  modelTierParamsSchema,
  translateBodySchema,
} from '../../../contract/translations.ts';
import type { ModelService } from '../../translation/model-service.ts';
import type { TranslationService } from '../../translation/translation-service.ts';
import type { AuthService } from '../../domain/auth-service.ts';
import { requireAuthentication } from '../authenticate.ts';
import type { ChatRepository } from '../../db/repository.ts';
import { requireModelManager } from '../../domain/server-roles.ts';

export interface TranslationRouteOptions {
  auth: AuthService;
  repository: ChatRepository;
  translations: TranslationService;
  models: ModelService;
}

export const translationRoutes: FastifyPluginCallbackZod<TranslationRouteOptions> = (
  app,
  { auth, repository, translations, models },
  done,
) => {
  requireAuthentication(app, auth);

  app.get('/languages', () => translations.languages());

  app.post('/translate', { schema: { body: translateBodySchema } }, async (request, reply) => {
    return reply.status(202).send(await translations.request(request.userId, request.body));
  });

  app.get('/models', () => models.list());

  app.post(
    '/models/:tier/download',
    { schema: { params: modelTierParamsSchema, body: downloadModelBodySchema } },
    async (request, reply) => {
      await requireModelManager(repository, request.userId);
      return reply.status(202).send(await models.download(request.params.tier, request.body.acceptLicense));
    },
  );

  done();
};
