import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ModelTier } from '../../contract/translations.ts';
import { callTokenInterceptor } from '../../proto/call-token.ts';
import { loadTranslationProto, PROTO_LOADER_OPTIONS } from '../../proto/load.ts';

const HEALTH_PROTO = fileURLToPath(import.meta.resolve('grpc-health-check/proto/health/v1/health.proto'));

export interface TranslationRequest {
  messageId: string;
  text: string;
  /** Null lets the translator detect it. */
  sourceLanguage: string | null;
  targetLanguage: string;
  tier: ModelTier | null;
}

export interface TranslationResult {
  text: string;
  sourceLanguage: string;
  targetLanguage: string;
  model: string;
  tier: ModelTier;
  confidence: number | null;
  fromCache: boolean;
}

export interface DetectionResult {
  /** Null when no language is recognised with enough confidence. */
  language: string | null;
  confidence: number;
}

export interface SupportedLanguage {
  code: string;
  name: string;
  tiers: ModelTier[];
}

/** A model tier as the translator reports it. */
export interface TranslatorModel {
  tier: ModelTier;
  repo: string;
  /** The wire state: NOT_DOWNLOADED, DOWNLOADING, DOWNLOADED, LOADING, READY or FAILED. */
  state: string;
  sizeBytes: number;
  downloadedBytes: number;
  error: string;
  isDefault: boolean;
  license: string;
  licenseRestricted: boolean;
}

export type TranslatorHealth = 'serving' | 'not-serving' | 'unreachable';

/**
 * What went wrong, in the terms the orchestrator decides on: `unavailable` and `busy` are worth retrying
 * later, `invalid` never is.
 */
export type TranslatorErrorKind = 'unavailable' | 'busy' | 'invalid' | 'timeout' | 'internal';

export class TranslatorError extends Error {
  constructor(
    readonly kind: TranslatorErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TranslatorError';
  }
}

/** The server's view of the translation service; one gRPC implementation below. */
export interface TranslatorClient {
  translate(request: TranslationRequest, timeoutMs: number): Promise<TranslationResult>;
  detect(text: string, timeoutMs: number): Promise<DetectionResult>;
  listLanguages(timeoutMs: number): Promise<SupportedLanguage[]>;
  health(timeoutMs: number): Promise<TranslatorHealth>;
  listModels(timeoutMs: number): Promise<TranslatorModel[]>;
  /** Starts downloading (if needed) and loading a tier; answers at once with its state. */
  prepareModel(tier: ModelTier, timeoutMs: number): Promise<TranslatorModel>;
  /**
   * Every model's state, then each change, until the returned function is called. `onEnd` is called when
   * the stream stops by itself (the translator went away).
   */
  watchModels(onModel: (model: TranslatorModel) => void, onEnd: (error?: Error) => void): () => void;
  close(): void;
}

const TIER_TO_WIRE: Record<ModelTier, string> = { basic: 'BASIC', medium: 'MEDIUM', premium: 'PREMIUM' };
const TIER_FROM_WIRE: Record<string, ModelTier> = { BASIC: 'basic', MEDIUM: 'medium', PREMIUM: 'premium' };

function tierFromWire(value: unknown): ModelTier {
  return TIER_FROM_WIRE[String(value)] ?? 'medium';
}

type Unary = (
  request: object,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => void;

function classify(error: grpc.ServiceError): TranslatorError {
  switch (error.code) {
    case grpc.status.UNAVAILABLE:
      return new TranslatorError('unavailable', error.details || 'translator unavailable');
    case grpc.status.RESOURCE_EXHAUSTED:
      return new TranslatorError('busy', error.details || 'translator queue full');
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.OUT_OF_RANGE:
      return new TranslatorError('invalid', error.details || 'invalid translation request');
    case grpc.status.DEADLINE_EXCEEDED:
    case grpc.status.CANCELLED:
      return new TranslatorError('timeout', error.details || 'translation timed out');
    default:
      return new TranslatorError('internal', error.details || error.message);
  }
}

interface ModelWire {
  tier: string;
  name: string;
  state: string;
  sizeBytes: number;
  downloadedBytes: number;
  error: string;
  isDefault: boolean;
  license: string;
  licenseRestricted: boolean;
}

function modelFromWire(model: ModelWire): TranslatorModel {
  return {
    tier: tierFromWire(model.tier),
    repo: model.name,
    state: model.state,
    sizeBytes: model.sizeBytes,
    downloadedBytes: model.downloadedBytes,
    error: model.error,
    isDefault: model.isDefault,
    license: model.license,
    licenseRestricted: model.licenseRestricted,
  };
}

interface TranslateResponseWire {
  translatedText: string;
  sourceLanguage: string;
  targetLanguage: string;
  metadata: { modelName: string; modelTier: string; confidenceScore: number; fromCache: boolean } | null;
}

/**
 * A gRPC client for the translator, with a deadline on every call (gRPC has none by default) and the
 * channel's own reconnection: while the translator is down calls fail fast with UNAVAILABLE and the
 * channel keeps trying to reconnect in the background.
 */
export class GrpcTranslatorClient implements TranslatorClient {
  private readonly translator: grpc.Client & Record<string, Unary>;
  private readonly healthClient: grpc.Client & Record<string, Unary>;

  /** `callToken` is the translator's per-launch token, presented on every Translator call. */
  constructor(address: string, callToken?: string) {
    const loaded = loadTranslationProto();
    const healthDefinition = protoLoader.loadSync(HEALTH_PROTO, PROTO_LOADER_OPTIONS);
    const health = grpc.loadPackageDefinition(healthDefinition) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
    };
    const options: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': 4 * 1024 * 1024,
      'grpc.max_send_message_length': 1024 * 1024,
      // Reconnect quickly on loopback instead of the default growth up to two minutes.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2000,
    };
    const credentials = grpc.credentials.createInsecure();
    this.translator = new loaded.meeshy.translation.v1.Translator(address, credentials, {
      ...options,
      ...(callToken === undefined ? {} : { interceptors: [callTokenInterceptor(callToken)] }),
    }) as unknown as grpc.Client & Record<string, Unary>;
    this.healthClient = new health.grpc.health.v1.Health(address, credentials, options) as grpc.Client &
      Record<string, Unary>;
  }

  async translate(request: TranslationRequest, timeoutMs: number): Promise<TranslationResult> {
    const response = (await this.call(this.translator, 'Translate', timeoutMs, {
      messageId: request.messageId,
      text: request.text,
      sourceLanguage: request.sourceLanguage ?? '',
      targetLanguage: request.targetLanguage,
      modelTier: request.tier === null ? 'MODEL_TIER_UNSPECIFIED' : TIER_TO_WIRE[request.tier],
    })) as TranslateResponseWire;
    return {
      text: response.translatedText,
      sourceLanguage: response.sourceLanguage,
      targetLanguage: response.targetLanguage,
      model: response.metadata?.modelName ?? 'unknown',
      tier: tierFromWire(response.metadata?.modelTier),
      confidence: response.metadata ? response.metadata.confidenceScore : null,
      fromCache: response.metadata?.fromCache ?? false,
    };
  }

  async detect(text: string, timeoutMs: number): Promise<DetectionResult> {
    const response = (await this.call(this.translator, 'DetectLanguage', timeoutMs, { text })) as {
      language: string;
      confidence: number;
    };
    return { language: response.language === '' ? null : response.language, confidence: response.confidence };
  }

  async listLanguages(timeoutMs: number): Promise<SupportedLanguage[]> {
    const response = (await this.call(this.translator, 'ListLanguages', timeoutMs, {})) as {
      languages: { code: string; name: string; tiers: string[] }[];
    };
    return response.languages.map((language) => ({
      code: language.code,
      name: language.name,
      tiers: language.tiers.map(tierFromWire),
    }));
  }

  async health(timeoutMs: number): Promise<TranslatorHealth> {
    try {
      const response = (await this.call(this.healthClient, 'Check', timeoutMs, { service: '' })) as {
        status: string;
      };
      return response.status === 'SERVING' ? 'serving' : 'not-serving';
    } catch (error) {
      if (error instanceof TranslatorError && error.kind !== 'unavailable' && error.kind !== 'timeout') {
        return 'not-serving';
      }
      return 'unreachable';
    }
  }

  async listModels(timeoutMs: number): Promise<TranslatorModel[]> {
    const response = (await this.call(this.translator, 'ListModels', timeoutMs, {})) as {
      models: ModelWire[];
    };
    return response.models.map(modelFromWire);
  }

  async prepareModel(tier: ModelTier, timeoutMs: number): Promise<TranslatorModel> {
    return modelFromWire(
      (await this.call(this.translator, 'PrepareModel', timeoutMs, {
        tier: TIER_TO_WIRE[tier],
      })) as ModelWire,
    );
  }

  watchModels(onModel: (model: TranslatorModel) => void, onEnd: (error?: Error) => void): () => void {
    const open = (
      this.translator as unknown as Record<string, (request: object) => grpc.ClientReadableStream<unknown>>
    ).WatchModels;
    if (!open) throw new TranslatorError('internal', 'no RPC WatchModels');
    const stream = open.call(this.translator, {});
    let cancelled = false;
    stream.on('data', (event: { model: ModelWire | null }) => {
      if (event.model) onModel(modelFromWire(event.model));
    });
    stream.on('error', (error: grpc.ServiceError) => {
      if (!cancelled) onEnd(classify(error));
    });
    stream.on('end', () => {
      if (!cancelled) onEnd();
    });
    return () => {
      cancelled = true;
      stream.cancel();
    };
  }

  close(): void {
    this.translator.close();
    this.healthClient.close();
  }

  private call(
    client: Record<string, Unary>,
    method: string,
    timeoutMs: number,
    request: object,
  ): Promise<unknown> {
    const rpc = client[method];
    if (!rpc) return Promise.reject(new TranslatorError('internal', `no RPC ${method}`));
    return new Promise((resolve, reject) => {
      rpc.call(client, request, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(classify(error));
        else resolve(response);
      });
    });
  }
}
