import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiErrorBody, ErrorCode } from '../../contract/errors.ts';
import { AppError } from '../errors.ts';
import { ValidationError, validationError } from '../validation.ts';
import { wantsClientPage } from './web-client.ts';

/** Fastify's own client errors, by their codes, mapped to ours. */
const FASTIFY_ERROR_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** Our code for a plugin's 4xx that carries only a status. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function toAppError(error: FastifyError): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return validationError(
      error.validationContext ?? 'request',
      error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message ?? 'invalid',
        code: (issue.params.params as { code?: unknown } | undefined)?.code,
      })),
    );
  }
  const mapped = FASTIFY_ERROR_CODES[error.code];
  if (mapped) return new AppError(error.statusCode ?? 400, mapped, error.message);
  if (error instanceof SyntaxError)
    return new AppError(400, 'MALFORMED_JSON', 'Request body is not valid JSON');
  // Every other client error a plugin raises (a traversal refused by the static files plugin is a 403,
  // a malformed path a 400) keeps its status: it is the client's mistake, not the server's.
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError(status, STATUS_CODES[status] ?? 'BAD_REQUEST', error.message);
  }
  return undefined;
}

/** `clientPageAvailable` tells whether a built web client is served, for the page fallback. */
export function installErrorHandlers(
  app: FastifyInstance,
  clientPageAvailable: () => boolean = () => false,
): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const known = toAppError(error);
    if (!known) {
      request.log.error({ err: error }, 'unhandled error');
      const body: ApiErrorBody = { error: { code: 'INTERNAL', message: 'Internal server error' } };
      return reply.status(500).send(body);
    }
    const body: ApiErrorBody = { error: { code: known.code, message: known.message } };
    if (known instanceof ValidationError) body.error.issues = known.issues;
    return reply.status(known.statusCode).headers(known.headers).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    if (clientPageAvailable() && wantsClientPage(request)) return reply.sendFile('index.html');
    const body: ApiErrorBody = {
      error: {
        code: 'NOT_FOUND',
        message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`,
      },
    };
    return reply.status(404).send(body);
  });
}
