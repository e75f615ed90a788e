import type { ErrorCode } from '../contract/errors.ts';

/** An error meant for the client: its status, code and message are safe to send as they are. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * The one answer for "no such conversation" and "not a member": a caller outside a conversation cannot
 * tell whether it exists.
 */
export const conversationNotFound = (): AppError =>
  new AppError(404, 'CONVERSATION_NOT_FOUND', 'Conversation not found');

export const messageNotFound = (): AppError => new AppError(404, 'MESSAGE_NOT_FOUND', 'Message not found');

export const forbidden = (message: string): AppError => new AppError(403, 'FORBIDDEN', message);

export const unauthenticated = (message = 'Authentication required'): AppError =>
  new AppError(401, 'UNAUTHENTICATED', message);

export const rateLimited = (retryAfterSeconds: number, code: ErrorCode = 'RATE_LIMITED'): AppError =>
  new AppError(429, code, `Too many requests; retry in ${retryAfterSeconds} s`, {
    'retry-after': String(retryAfterSeconds),
  });
