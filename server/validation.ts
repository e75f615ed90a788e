import type { z } from 'zod';
import type { ErrorCode } from '../contract/errors.ts';
import { AppError } from './errors.ts';

export class ValidationError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(400, code, message);
  }
}

interface IssueLike {
  path: string;
  message: string;
  /** A schema can name a more precise error code than VALIDATION_FAILED (e.g. MESSAGE_TOO_LONG). */
  code?: unknown;
}

export function validationError(where: string, issues: readonly IssueLike[]): ValidationError {
  const specific = issues.find((issue) => typeof issue.code === 'string');
  const code = (specific?.code as ErrorCode | undefined) ?? 'VALIDATION_FAILED';
  const first = specific ?? issues[0];
  const summary = first ? `${first.path || where}: ${first.message}` : 'invalid input';
  return new ValidationError(
    code,
    `Invalid ${where}: ${summary}`,
    issues.map(({ path, message }) => ({ path, message })),
  );
}

/** Validates a socket payload, the same way routes validate bodies. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw validationError(
    'payload',
    result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      code: issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined,
    })),
  );
}
