import { translationCacheKey, type TranslationCache } from '../cache/translation-cache.ts';
import { DynamicBatcher, type BatcherOptions } from '../engine/batcher.ts';
import type { DecodingOptions } from '../engine/generation.ts';
import { DEFAULT_DECODING, type ModelOutput, type TranslationModel } from '../engine/translation-model.ts';
import { MODEL_TIERS, type ModelState, type ModelTier } from '../../contract/translations.ts';
import { tierRank } from '../models/catalog.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { canonicalLanguageCode } from '../../contract/languages.ts';
import { isSupportedLanguage, toNllbCode, UnsupportedLanguageError } from '../text/language-codes.ts';
import {
  detectLanguage,
  type Detection,
  type DetectorOptions,
  DEFAULT_DETECTOR_OPTIONS,
} from '../text/language-detector.ts';
import { reassemble, segmentText, translatablePieces } from '../text/segmenter.ts';

export class TextTooLongError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`the text is ${length} characters long; the limit is ${limit}`);
    this.name = 'TextTooLongError';
  }
}

export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

export class ModelUnavailableError extends Error {
  constructor(
    readonly tier: ModelTier,
    readonly state: ModelState,
    source: string,
    target: string,
  ) {
    super(
      `no model can translate ${source} → ${target} yet: the ${tier} model is ${state === 'absent' ? 'not downloaded' : state}`,
    );
    this.name = 'ModelUnavailableError';
  }
}

export interface TranslateRequest {
  text: string;
  /** Empty or undefined: detect. */
  source?: string;
  target: string;
  /** Absent or null: the registry's default tier. */
  tier?: ModelTier | null;
  skipCache?: boolean;
}

/** One text translated, in the translator process (the chat server receives it as a TranslatorReply). */
export interface TextTranslation {
  text: string;
  source: string;
  target: string;
  sourceDetected: boolean;
  model: string;
  tier: ModelTier;
  confidence: number;
  fromCache: boolean;
  processingMs: number;
}

export interface TextTranslatorOptions {
  registry: ModelRegistry;
  cache: TranslationCache;
  maxTextChars: number;
  batching: BatcherOptions;
  decoding?: DecodingOptions;
  detector?: DetectorOptions;
}

interface PieceJob {
  model: TranslationModel;
  tier: ModelTier;
  text: string;
  source: string;
  target: string;
}

/**
 * The translator's behaviour, independent of the transport: validation, language detection, tier choice and
 * fallback, cache, segmentation, and batched model runs.
 */
export class TextTranslator {
  private readonly batcher: DynamicBatcher<PieceJob, ModelOutput>;
  private readonly decoding: DecodingOptions;

  constructor(private readonly options: TextTranslatorOptions) {
    this.decoding = options.decoding ?? DEFAULT_DECODING;
    this.batcher = new DynamicBatcher(
      async (jobs, isCancelled) => {
        const model = jobs[0]?.model;
        if (model === undefined) return [];
        return model.translate(
          jobs.map((job, index) => ({
            text: job.text,
            source: job.source,
            target: job.target,
            isCancelled: isCancelled[index] ?? (() => false),
          })),
          this.decoding,
        );
      },
      (job) => job.tier,
      options.batching,
    );
  }

  get waiting(): number {
    return this.batcher.waiting;
  }

  detect(text: string): Detection {
    return detectLanguage(text, this.options.detector ?? DEFAULT_DETECTOR_OPTIONS);
  }

  /** Checks what can be checked without a model; throws the error the caller should see. */
  validate(request: { text: string; source?: string; targets: string[] }): void {
    if (request.text.trim() === '') throw new InvalidRequestError('the text is empty');
    // Code points, as users and the proto's string limits count them.
    const length = Array.from(request.text).length;
    if (length > this.options.maxTextChars) throw new TextTooLongError(length, this.options.maxTextChars);
    if (request.targets.length === 0) throw new InvalidRequestError('no target language given');
    for (const code of [...request.targets, ...(request.source ? [request.source] : [])]) {
      if (!isSupportedLanguage(code)) throw new UnsupportedLanguageError(code);
    }
  }

  /** The source language: the caller's, else detected; an undetectable text is the caller's to label. */
  resolveSource(text: string, source: string | undefined): { source: string; detected: boolean } {
    if (source !== undefined && source !== '')
      return { source: canonicalLanguageCode(source), detected: false };
    const detection = this.detect(text);
    if (detection.language === null) {
      throw new InvalidRequestError(
        'the source language could not be detected with confidence; pass source_language',
      );
    }
    return { source: detection.language, detected: true };
  }

  /**
   * The tier to use: the requested one (or the default) if it can translate the pair and is ready, else the next
   * higher tier that can, else a lower one. When none is ready, the error names the first able tier's state.
   */
  chooseTier(requested: ModelTier, source: string, target: string): ModelTier {
    const registry = this.options.registry;
    const upward = MODEL_TIERS.filter((tier) => tierRank(tier) >= tierRank(requested));
    const downward = MODEL_TIERS.filter((tier) => tierRank(tier) < tierRank(requested)).reverse();
    const able = [...upward, ...downward].filter((tier) => registry.canTranslate(tier, source, target));
    const ready = able.find((tier) => registry.state(tier) === 'ready');
    if (ready !== undefined) return ready;
    const first = able[0];
    if (first === undefined) throw new UnsupportedLanguageError(`${source}→${target}`);
    throw new ModelUnavailableError(first, registry.state(first), source, target);
  }

  async translate(request: TranslateRequest, signal?: AbortSignal): Promise<TextTranslation> {
    this.validate({
      text: request.text,
      ...(request.source ? { source: request.source } : {}),
      targets: [request.target],
    });
    const { source, detected } = this.resolveSource(request.text, request.source);
    return this.translateResolved(request, source, detected, signal);
  }

  /** Translates into several languages; results are yielded in the order they finish. */
  async *translateMulti(
    request: Omit<TranslateRequest, 'target'> & { targets: string[] },
    signal?: AbortSignal,
  ): AsyncGenerator<{ target: string; result?: TextTranslation; error?: Error }> {
    this.validate({
      text: request.text,
      ...(request.source ? { source: request.source } : {}),
      targets: request.targets,
    });
    const { source, detected } = this.resolveSource(request.text, request.source);
    const targets = [...new Set(request.targets.map((target) => canonicalLanguageCode(target)))];
    const pending = new Map(
      targets.map((target) => {
        const promise = this.translateResolved({ ...request, target }, source, detected, signal).then(
          (result) => ({ target, result }),
          (error: unknown) => ({ target, error: error instanceof Error ? error : new Error(String(error)) }),
        );
        return [target, promise] as const;
      }),
    );
    while (pending.size > 0) {
      const settled = await Promise.race(pending.values());
      pending.delete(settled.target);
      yield settled;
    }
  }

  private async translateResolved(
    request: TranslateRequest,
    source: string,
    detected: boolean,
    signal?: AbortSignal,
  ): Promise<TextTranslation> {
    const started = performance.now();
    const target = canonicalLanguageCode(request.target);
    const requestedTier = request.tier ?? this.options.registry.defaultTier;
    const finish = (
      partial: Omit<TextTranslation, 'processingMs' | 'source' | 'target' | 'sourceDetected'>,
    ) => ({
      ...partial,
      source,
      target,
      sourceDetected: detected,
      processingMs: Math.round(performance.now() - started),
    });
    // Same language and script (en and en-GB, pt and pt-BR): nothing to translate.
    if (toNllbCode(source) === toNllbCode(target)) {
      return finish({
        text: request.text,
        model: 'identity',
        tier: requestedTier,
        confidence: 1,
        fromCache: false,
      });
    }
    const tier = this.chooseTier(requestedTier, source, target);
    const model = this.options.registry.model(tier);
    const modelName = this.options.registry.entry(tier)?.repo ?? tier;
    if (model === null)
      throw new ModelUnavailableError(tier, this.options.registry.state(tier), source, target);

    if (request.skipCache !== true) {
      // A translation by a higher tier is at least as good, so it also answers lower-tier requests.
      for (const cachedTier of [...MODEL_TIERS]
        .reverse()
        .filter((candidate) => tierRank(candidate) >= tierRank(tier))) {
        const entry = this.options.registry.entry(cachedTier);
        // An unpinned tier has no model, so nothing it could have translated is in the cache.
        if (entry === undefined || entry.source === 'unpinned') continue;
        const name = entry.repo;
        const hit = await this.options.cache.get(
          translationCacheKey({ text: request.text, source, target, model: name }),
        );
        if (hit !== undefined) {
          return finish({
            text: hit.text,
            model: hit.model,
            tier: cachedTier,
            confidence: hit.confidence,
            fromCache: true,
          });
        }
      }
    }

    const pieces = segmentText(request.text);
    const texts = translatablePieces(pieces);
    // Checked here, per request: inside a shared batch one over-long piece would fail everyone's requests.
    for (const text of texts) model.encoderInput({ text, source, target });
    const outputs = await Promise.all(
      texts.map((text) => this.batcher.submit({ model, tier, text, source, target }, signal)),
    );
    const totalChars = texts.reduce((sum, text) => sum + text.length, 0);
    const confidence =
      totalChars === 0
        ? 1
        : outputs.reduce((sum, output, index) => sum + output.confidence * (texts[index]?.length ?? 0), 0) /
          totalChars;
    const text = reassemble(
      pieces,
      outputs.map((output) => output.text),
    );
    await this.options.cache.set(
      translationCacheKey({ text: request.text, source, target, model: modelName }),
      {
        text,
        confidence,
        model: modelName,
      },
    );
    return finish({ text, model: modelName, tier, confidence, fromCache: false });
  }
}
