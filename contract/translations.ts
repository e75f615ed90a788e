import { z } from 'zod';
import { idSchema } from './conversations.ts';
import type { ErrorCode } from './errors.ts';
import { languageCodeSchema } from './languages.ts';
import type { MessageDto } from './messages.ts';

/** basic → medium → premium: bigger, slower, better. "Upgrade tier" retranslates with the next one. */
export const MODEL_TIERS = ['basic', 'medium', 'premium'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

/** One stored translation of one message into one language. */
export interface MessageTranslationDto {
  messageId: string;
  conversationId: string;
  /** The language the original was in, as the sender declared it or the translator detected it. */
  sourceLanguage: string;
  targetLanguage: string;
  content: string;
  /** The tier that produced it (a request may fall to another tier that can translate the pair). */
  tier: ModelTier;
  /** The model that produced it, e.g. "Xenova/nllb-200-distilled-600M". */
  model: string;
  confidence: number | null;
  createdAt: string;
}

/** Kept for clients written before translations were part of every message. */
export type MessageWithTranslations = MessageDto;

export type TranslationFailureCode = Extract<
  ErrorCode,
  'TRANSLATOR_UNAVAILABLE' | 'UNSUPPORTED_LANGUAGE' | 'MODEL_NOT_READY' | 'TRANSLATION_FAILED'
>;

/** The translator gave up on one (message, language): the reader keeps the original. */
export interface TranslationFailedEvent {
  messageId: string;
  conversationId: string;
  targetLanguage: string;
  code: TranslationFailureCode;
  message: string;
}

/** POST /api/translate: request (or re-request with another tier) a translation; the result comes by socket. */
export const translateBodySchema = z.object({
  messageId: idSchema,
  targetLanguage: languageCodeSchema,
  tier: z.enum(MODEL_TIERS).optional(),
});
export type TranslateBody = z.infer<typeof translateBodySchema>;

/** 202 answer to POST /api/translate. */
export interface TranslateAccepted {
  messageId: string;
  targetLanguage: string;
  status: 'pending';
}

/** GET /api/languages: what the installed translation models can translate from and into. */
export interface LanguageInfo {
  code: string;
  /** English name. */
  name: string;
}
export interface LanguagesResponse {
  languages: LanguageInfo[];
}

/*
 * Model management, PROPOSED by the renderer (its Models screen runs on it): the server does not implement
 * these routes yet, and the client says "not available" while GET /api/models answers 404.
 */

export const MODEL_STATES = ['absent', 'downloading', 'downloaded', 'loading', 'ready', 'failed'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** GET /api/models → ModelInfo[]: one entry per tier, as the catalog pins it. */
export interface ModelInfo {
  tier: ModelTier;
  /** Hugging Face repo id, e.g. "facebook/nllb-200-distilled-600M". */
  repo: string;
  sizeBytes: number;
  license: string;
  /** True when the license restricts use (NLLB is CC-BY-NC-4.0): the UI asks before downloading. */
  requiresConsent: boolean;
  state: ModelState;
  /** 0..1 while downloading or loading. */
  progress: number | null;
  error: string | null;
}

/** POST /api/models/:tier/download; acceptLicense must be true when requiresConsent is. */
export const downloadModelBodySchema = z.object({ acceptLicense: z.boolean() });

/** Socket event `model:progress`, to add to ServerToClientEvents with the routes above. */
export interface ModelProgressEvent {
  tier: ModelTier;
  state: ModelState;
  progress: number | null;
  bytesDone: number | null;
  bytesTotal: number | null;
}

export interface ModelServerToClientEvents {
  'model:progress': (event: ModelProgressEvent) => void;
}
