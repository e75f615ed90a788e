// Original file: proto/translation.proto

export const TranslationStatus = {
  STATUS_UNKNOWN: 'STATUS_UNKNOWN',
  SUCCESS: 'SUCCESS',
  FAILED: 'FAILED',
} as const;

export type TranslationStatus =
  | 'STATUS_UNKNOWN'
  | 0
  | 'SUCCESS'
  | 1
  | 'FAILED'
  | 2

export type TranslationStatus__Output = typeof TranslationStatus[keyof typeof TranslationStatus]
