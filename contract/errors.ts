/** Machine-readable error codes: every 4xx answer and every failed socket ack carries one. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'MISDIRECTED_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'SESSION_EXPIRED',
  'SESSION_NOT_FOUND',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'USER_NOT_FOUND',
  'USERNAME_TAKEN',
  'EMAIL_TAKEN',
  'MESSAGE_TOO_LONG',
  'CLIENT_MESSAGE_ID_CONFLICT',
  'RATE_LIMITED',
  'TOO_MANY_REACTIONS',
  'TOO_MANY_ATTACHMENTS',
  'ATTACHMENT_NOT_FOUND',
  'TOO_MANY_LOGIN_ATTEMPTS',
  'CONFLICT',
  'GROUP_FULL',
  'LAST_ADMIN',
  'LINK_NOT_FOUND',
  'LINK_EXPIRED',
  'LINK_REVOKED',
  'LINK_EXHAUSTED',
  'GUEST_NOT_ALLOWED',
  'UNSUPPORTED_LANGUAGE',
  'TRANSLATOR_UNAVAILABLE',
  'SERVER_BUSY',
  'MODEL_NOT_READY',
  'TRANSLATION_FAILED',
  'LICENSE_NOT_ACCEPTED',
  'MODEL_NOT_DOWNLOADABLE',
  'STORAGE_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Which fields failed validation, when the error is about input. */
    issues?: { path: string; message: string }[];
  };
}
