import { z } from 'zod';
import { idSchema } from './common.ts';
import type { ErrorCode } from './errors.ts';
import { languageCodeSchema } from './languages.ts';

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

/** What a model tier is doing, as the Models screen shows it. */
export const MODEL_STATES = ['absent', 'downloading', 'downloaded', 'loading', 'ready', 'failed'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/**
 * Where a tier's model comes from: `hub`, a pinned (or overridden) export the translator can download; `imported`,
 * a folder the owner installed with `npm run models -- import`; `unpinned`, no export is known for the tier yet:
 * nothing can be downloaded, and the screen says how to provide one instead.
 */
export const MODEL_SOURCES = ['hub', 'imported', 'unpinned'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** What the owner sets to point an unpinned tier at an export, and the command that imports a folder. */
export function modelProvisionHints(tier: ModelTier): { override: string; importCommand: string } {
  return {
    override: `${tier.toUpperCase()}_MODEL=owner/name@commit`,
    importCommand: `npm run models -- import ${tier} <folder>`,
  };
}

/** GET /api/models → ModelInfo[]: one entry per tier, as the translator's catalog names it. */
export interface ModelInfo {
  tier: ModelTier;
  /** Hugging Face repo id, e.g. "Xenova/nllb-200-distilled-600M"; empty when unpinned, the folder's name when imported. */
  repo: string;
  source: ModelSource;
  /**
   * In bytes: before and during its download, what the catalog knows of its files (0 when it does not); once on
   * disk, its files as verified and the weights the engine laid out beside them at its first load.
   */
  sizeBytes: number;
  /** SPDX identifier of the weights' license, or "unknown". */
  license: string;
  /** True when the license restricts use (NLLB is CC-BY-NC-4.0): the UI asks before downloading. */
  requiresConsent: boolean;
  state: ModelState;
  /** 0..1 while downloading; null otherwise. */
  progress: number | null;
  error: string | null;
  /** The tier used when a request names none. */
  isDefault: boolean;
}

export const modelTierParamsSchema = z.object({ tier: z.enum(MODEL_TIERS) });

/** POST /api/models/:tier/download; acceptLicense must be true when requiresConsent is. */
export const downloadModelBodySchema = z.object({ acceptLicense: z.boolean() });

/**
 * POST /api/models/:tier/import: installs a model folder that is on the machine running the app. Desktop only: the
 * server answers it for the owner, on a loopback connection, and the folder is read by the translator there.
 */
export const importModelBodySchema = z.object({ folder: z.string().trim().min(1).max(4096) });
export type ImportModelBody = z.infer<typeof importModelBodySchema>;

/** Socket event `model:progress`: a tier's state changed, or its download moved on. */
export interface ModelProgressEvent {
  tier: ModelTier;
  state: ModelState;
  progress: number | null;
  bytesDone: number | null;
  bytesTotal: number | null;
}
