import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { NUL_MESSAGE, nulCharacterPath, validationError } from '../validation.ts';

type ZodCompiler = typeof validatorCompiler;

/**
 * The routes' validator: their zod schemas (fastify-type-provider-zod), then no U+0000 anywhere in the
 * params, query or body they accepted (see nulCharacterPath), as socket payloads.
 */
export const routeValidatorCompiler: ZodCompiler = (route) => {
  const validate = validatorCompiler(route);
  const checked: ReturnType<FastifySchemaCompiler<unknown>> = (data) => {
    const result = validate(data);
    if (typeof result !== 'object' || !('value' in result)) return result;
    const nulPath = nulCharacterPath(result.value);
    if (nulPath === undefined) return result;
    return { error: validationError(route.httpPart ?? 'request', [{ path: nulPath, message: NUL_MESSAGE }]) };
  };
  return checked;
};
