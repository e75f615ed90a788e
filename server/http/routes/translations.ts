import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { translateBodySchema } from '../../../contract/translations.ts';
import type { TranslationService } from '../../translation/translation-service.ts';
import type { AuthService } from '../../domain/auth-service.ts';
import { requireAuthentication } from '../authenticate.ts';

export interface TranslationRouteOptions {
  auth: AuthService;
  translations: TranslationService;
}

export const translationRoutes: FastifyPluginCallbackZod<TranslationRouteOptions> = (
  app,
  { auth, translations },
  done,
) => {
  requireAuthentication(app, auth);

  app.get('/languages', () => translations.languages());

  app.post('/translate', { schema: { body: translateBodySchema } }, async (request, reply) => {
    return reply.status(202).send(await translations.request(request.userId, request.body));
  });

  done();
};
