/**
 * Translation contract: PROPOSED by the renderer ahead of the translation issue. The server does not
 * implement it yet; the client detects its presence (GET /api/languages answering 200) and degrades
 * to showing originals when it is absent. Names follow Meeshy where Meeshy has them.
 */
import { z } from 'zod';
import { idSchema } from './conversations.ts';
import { languageCodeSchema } from './languages.ts';
import type { MessageDto } from './messages.ts';

/** basic → medium → premium: bigger, slower, better. "Upgrade tier" retranslates with the next one. */
export const MODEL_TIERS = ['basic', 'medium', 'premium'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

/** One stored translation of one message into one language. */
export interface MessageTranslationDto {
  messageId: string;
  conversationId: string;
  /** The language the original was in, as detected or declared. */
  sourceLanguage: string;
  targetLanguage: string;
  content: string;
  tier: ModelTier;
  /** The message version the translation was made from; an edit makes older ones stale. */
  messageVersion: number;
  createdAt: string;
}

/** A message as the server will send it once translations exist: the existing DTO plus what is stored. */
export interface MessageWithTranslations extends MessageDto {
  translations?: MessageTranslationDto[];
}

/** The translator gave up on one (message, language): shown on the bubble with a retry. */
export interface TranslationFailedEvent {
  messageId: string;
  conversationId: string;
  targetLanguage: string;
  code: 'TRANSLATOR_UNAVAILABLE' | 'UNSUPPORTED_LANGUAGE' | 'MODEL_NOT_READY' | 'INTERNAL';
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

/** GET /api/languages: what the local translator can translate from and into. */
export interface LanguageInfo {
  code: string;
  /** English name. */
  name: string;
  nativeName: string;
  flag: string;
}
export interface LanguagesResponse {
  languages: LanguageInfo[];
}

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

export interface ModelProgressEvent {
  tier: ModelTier;
  state: ModelState;
  progress: number | null;
  bytesDone: number | null;
  bytesTotal: number | null;
}

/** Server → client events added by the translation issue, to merge into ServerToClientEvents. */
export interface TranslationServerToClientEvents {
  'message:translation': (translation: MessageTranslationDto) => void;
  'translation:failed': (event: TranslationFailedEvent) => void;
  'model:progress': (event: ModelProgressEvent) => void;
}
