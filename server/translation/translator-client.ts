import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ModelTier } from '../../contract/translations.ts';
import type { DetectLanguageResponse__Output } from '../../proto/generated/meeshy/translation/v1/DetectLanguageResponse.ts';
import type { ListLanguagesResponse__Output } from '../../proto/generated/meeshy/translation/v1/ListLanguagesResponse.ts';
import type { ListModelsResponse__Output } from '../../proto/generated/meeshy/translation/v1/ListModelsResponse.ts';
import type { ModelEvent__Output } from '../../proto/generated/meeshy/translation/v1/ModelEvent.ts';
import type { ModelInfo__Output as ProtoModelInfo } from '../../proto/generated/meeshy/translation/v1/ModelInfo.ts';
import type { ModelTier__Output as ProtoModelTier } from '../../proto/generated/meeshy/translation/v1/ModelTier.ts';
import type { TranslateRequest } from '../../proto/generated/meeshy/translation/v1/TranslateRequest.ts';
import type { TranslateResponse__Output } from '../../proto/generated/meeshy/translation/v1/TranslateResponse.ts';
import type { TranslatorClient as ProtoTranslatorClient } from '../../proto/generated/meeshy/translation/v1/Translator.ts';
import { callTokenInterceptor } from '../../proto/call-token.ts';
import { loadTranslationProto, PROTO_LOADER_OPTIONS } from '../../proto/load.ts';
import { tierFromProto, tierToProto } from '../../proto/model-mapping.ts';

/** How long a watch waits on a failing channel before it reports the end (and its caller tries again). */
const UNREACHABLE_RECHECK_MS = 5000;

const HEALTH_PROTO = fileURLToPath(import.meta.resolve('grpc-health-check/proto/health/v1/health.proto'));

export interface TranslationRequest {
  messageId: string;
  text: string;
  /** Null lets the translator detect it. */
  sourceLanguage: string | null;
  targetLanguage: string;
  tier: ModelTier | null;
}

/** A translation as the translator process replied it, in the server's terms. */
export interface TranslatorReply {
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
  translate(request: TranslationRequest, timeoutMs: number): Promise<TranslatorReply>;
  detect(text: string, timeoutMs: number): Promise<DetectionResult>;
  listLanguages(timeoutMs: number): Promise<SupportedLanguage[]>;
  health(timeoutMs: number): Promise<TranslatorHealth>;
  /** The models as the proto describes them; proto/model-mapping.ts names their tiers and states. */
  listModels(timeoutMs: number): Promise<ProtoModelInfo[]>;
  /** Starts downloading (if needed) and loading a tier; answers at once with its state. */
  prepareModel(tier: ModelTier, timeoutMs: number): Promise<ProtoModelInfo>;
  /** Installs a folder on the translator's machine into a tier, then loads it; answers once it is installed. */
  importModel(tier: ModelTier, folder: string, timeoutMs: number): Promise<ProtoModelInfo>;
  /**
   * Every model's state, then each change, until the returned function is called. `onEnd` is called when
   * the stream stops by itself (the translator went away).
   */
  watchModels(onModel: (model: ProtoModelInfo) => void, onEnd: (error?: Error) => void): () => void;
  close(): void;
}

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

/** The standard grpc.health.v1 service; grpc-health-check ships its definition but no client type. */
interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: grpc.requestCallback<{ status: string }>,
  ): grpc.ClientUnaryCall;
}

/** The contract's tier for a reply; a reply always names the tier that did the work. */
function repliedTier(tier: ProtoModelTier | undefined): ModelTier {
  const known = tier === undefined ? null : tierFromProto(tier);
  if (known === null)
    throw new TranslatorError('internal', `the translator replied with no known tier (${tier})`);
  return known;
}

/**
 * A gRPC client for the translator, with a deadline on every call (gRPC has none by default) and the
 * channel's own reconnection: while the translator is down calls fail fast with UNAVAILABLE and the
 * channel keeps trying to reconnect in the background.
 */
export class GrpcTranslatorClient implements TranslatorClient {
  private readonly translator: ProtoTranslatorClient;
  private readonly healthClient: HealthClient;

  /** `callToken` is the translator's per-launch token, presented on every Translator call. */
  constructor(address: string, callToken?: string) {
    const loaded = loadTranslationProto();
    const healthDefinition = protoLoader.loadSync(HEALTH_PROTO, PROTO_LOADER_OPTIONS);
    const health = grpc.loadPackageDefinition(healthDefinition) as unknown as {
      grpc: {
        health: { v1: { Health: new (...args: ConstructorParameters<typeof grpc.Client>) => HealthClient } };
      };
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
    });
    this.healthClient = new health.grpc.health.v1.Health(address, credentials, options);
  }

  async translate(request: TranslationRequest, timeoutMs: number): Promise<TranslatorReply> {
    const wire: TranslateRequest = {
      messageId: request.messageId,
      text: request.text,
      sourceLanguage: request.sourceLanguage ?? '',
      targetLanguage: request.targetLanguage,
      modelTier: request.tier === null ? 'MODEL_TIER_UNSPECIFIED' : tierToProto(request.tier),
    };
    const response = await unary<TranslateResponse__Output>(timeoutMs, (options, done) =>
      this.translator.Translate(wire, options, done),
    );
    return {
      text: response.translatedText,
      sourceLanguage: response.sourceLanguage,
      targetLanguage: response.targetLanguage,
      model: response.metadata?.modelName ?? 'unknown',
      tier: repliedTier(response.metadata?.modelTier),
      confidence: response.metadata ? response.metadata.confidenceScore : null,
      fromCache: response.metadata?.fromCache ?? false,
    };
  }

  async detect(text: string, timeoutMs: number): Promise<DetectionResult> {
    const response = await unary<DetectLanguageResponse__Output>(timeoutMs, (options, done) =>
      this.translator.DetectLanguage({ text }, options, done),
    );
    return { language: response.language === '' ? null : response.language, confidence: response.confidence };
  }

  async listLanguages(timeoutMs: number): Promise<SupportedLanguage[]> {
    const response = await unary<ListLanguagesResponse__Output>(timeoutMs, (options, done) =>
      this.translator.ListLanguages({}, options, done),
    );
    return response.languages.map((language) => ({
      code: language.code,
      name: language.name,
      tiers: language.tiers.map(tierFromProto).filter((tier) => tier !== null),
    }));
  }

  async health(timeoutMs: number): Promise<TranslatorHealth> {
    // While the channel is failing to connect (it retries on its own backoff), a call would only fail
    // too, after building an error and its stack; the channel's state says the same for nothing.
    const state = this.healthClient.getChannel().getConnectivityState(true);
    if (state === grpc.connectivityState.TRANSIENT_FAILURE) return 'unreachable';
    try {
      const response = await unary<{ status: string }>(timeoutMs, (options, done) =>
        this.healthClient.Check({ service: '' }, options, done),
      );
      return response.status === 'SERVING' ? 'serving' : 'not-serving';
    } catch (error) {
      if (error instanceof TranslatorError && error.kind !== 'unavailable' && error.kind !== 'timeout') {
        return 'not-serving';
      }
      return 'unreachable';
    }
  }

  async listModels(timeoutMs: number): Promise<ProtoModelInfo[]> {
    const response = await unary<ListModelsResponse__Output>(timeoutMs, (options, done) =>
      this.translator.ListModels({}, options, done),
    );
    return response.models;
  }

  prepareModel(tier: ModelTier, timeoutMs: number): Promise<ProtoModelInfo> {
    return unary<ProtoModelInfo>(timeoutMs, (options, done) =>
      this.translator.PrepareModel({ tier: tierToProto(tier) }, options, done),
    );
  }

  importModel(tier: ModelTier, folder: string, timeoutMs: number): Promise<ProtoModelInfo> {
    return unary<ProtoModelInfo>(timeoutMs, (options, done) =>
      this.translator.ImportModel({ tier: tierToProto(tier), folder }, options, done),
    );
  }

  watchModels(onModel: (model: ProtoModelInfo) => void, onEnd: (error?: Error) => void): () => void {
    const channel = this.translator.getChannel();
    const state = channel.getConnectivityState(true);
    if (state === grpc.connectivityState.TRANSIENT_FAILURE) {
      // A stream opened now would only fail, building a gRPC error and its stack each time the caller
      // retries: the end is reported when the channel's state moves (or after a while) instead.
      let cancelled = false;
      channel.watchConnectivityState(state, Date.now() + UNREACHABLE_RECHECK_MS, () => {
        if (!cancelled) onEnd(new TranslatorError('unavailable', 'translator unreachable'));
      });
      return () => {
        cancelled = true;
      };
    }
    const stream = this.translator.WatchModels({});
    let cancelled = false;
    stream.on('data', (event: ModelEvent__Output) => {
      if (event.model) onModel(event.model);
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
}

/** One unary call with a deadline, its failure classified. */
function unary<Response>(
  timeoutMs: number,
  start: (options: grpc.CallOptions, done: grpc.requestCallback<Response>) => void,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    start({ deadline: Date.now() + timeoutMs }, (error, response) => {
      if (error) reject(classify(error));
      else if (response === undefined)
        reject(new TranslatorError('internal', 'the translator sent no reply'));
      else resolve(response);
    });
  });
}
