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

const NUL = '\u0000';
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/**
 * Where in a parsed input a string holds U+0000 (a dotted path, '' for the input itself), or undefined.
 * No field has a use for it, and Postgres cannot store it in text: refused on every database alike,
 * instead of a 500 on Postgres (found by the fuzz test).
 */
export function nulCharacterPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    if (key.includes(NUL)) return itemPath;
    const found = nulCharacterPath(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Validates a socket payload, the same way routes validate bodies. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) {
    const nulPath = nulCharacterPath(result.data);
    if (nulPath !== undefined) throw validationError('payload', [{ path: nulPath, message: NUL_MESSAGE }]);
    return result.data;
  }
  throw validationError(
    'payload',
    result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
      code: issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined,
    })),
  );
}
