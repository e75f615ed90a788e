import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { loadTranslationProto, TRANSLATOR_SERVICE_NAME } from '../../proto/load.ts';
import { sourceToProto, stateToProto, tierFromProto, tierToProto } from '../../proto/model-mapping.ts';
import type { ModelInfo } from '../../proto/generated/meeshy/translation/v1/ModelInfo.ts';
import type { TranslateResponse } from '../../proto/generated/meeshy/translation/v1/TranslateResponse.ts';
import type { TranslatorHandlers } from '../../proto/generated/meeshy/translation/v1/Translator.ts';
import type { ModelChange, ModelRegistry, TierStatus } from '../models/model-registry.ts';
import type { TranslatorMetrics } from '../ops/translator-metrics.ts';
import type { TextTranslation, TextTranslator } from '../service/text-translator.ts';
import { supportedLanguages } from '../service/supported-languages.ts';
import { requireCallToken } from './call-token.ts';
import { toGrpcFailure } from './status-mapping.ts';

export interface ServerLimits {
  /** Largest request accepted, in bytes; bounded so one call cannot exhaust memory. */
  maxReceiveBytes: number;
  maxSendBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = { maxReceiveBytes: 256 * 1024, maxSendBytes: 1024 * 1024 };

function modelInfo(status: TierStatus): ModelInfo {
  return {
    tier: tierToProto(status.tier),
    name: status.repo,
    revision: status.revision,
    state: stateToProto(status.state),
    sizeBytes: status.sizeBytes,
    downloadedBytes: status.downloadedBytes,
    error: status.error,
    isDefault: status.isDefault,
    license: status.license,
    licenseRestricted: status.licenseRestricted,
    source: sourceToProto(status.source),
  };
}

function response(messageId: string, result: TextTranslation): TranslateResponse {
  return {
    messageId,
    translatedText: result.text,
    sourceLanguage: result.source,
    targetLanguage: result.target,
    sourceDetected: result.sourceDetected,
    metadata: {
      modelName: result.model,
      modelTier: tierToProto(result.tier),
      confidenceScore: result.confidence,
      fromCache: result.fromCache,
      processingTimeMs: result.processingMs,
    },
  };
}

/** An AbortSignal that fires when the client cancels the call or its deadline passes. */
function callSignal(
  call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
) {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  call.on('cancelled', () => {
    controller.abort();
  });
  return controller.signal;
}

/** A call's record in the metrics, or nothing when the translator keeps none. */
const NOT_METERED = { translated: () => undefined, failed: () => undefined };

export function translatorHandlers(
  service: TextTranslator,
  registry: ModelRegistry,
  metrics?: TranslatorMetrics,
): TranslatorHandlers {
  return {
    Translate(call, callback) {
      const request = call.request;
      const signal = callSignal(call);
      const metered = metrics?.startCall() ?? NOT_METERED;
      service
        .translate(
          {
            text: request.text,
            source: request.sourceLanguage,
            target: request.targetLanguage,
            tier: tierFromProto(request.modelTier),
            skipCache: request.skipCache,
          },
          signal,
        )
        .then(
          (result) => {
            metered.translated(result);
            callback(null, response(request.messageId, result));
          },
          (error: unknown) => {
            metered.failed(error);
            callback(toGrpcFailure(error));
          },
        );
    },

    TranslateMulti(call) {
      const request = call.request;
      const signal = callSignal(call);
      const metered = metrics?.startCall() ?? NOT_METERED;
      const run = async () => {
        const stream = service.translateMulti(
          {
            text: request.text,
            source: request.sourceLanguage,
            targets: request.targetLanguages,
            tier: tierFromProto(request.modelTier),
            skipCache: request.skipCache,
          },
          signal,
        );
        for await (const item of stream) {
          if (signal.aborted) return;
          if (item.result) metered.translated(item.result);
          else metered.failed(item.error);
          call.write(
            item.result
              ? {
                  targetLanguage: item.target,
                  status: 'SUCCESS',
                  translation: response(request.messageId, item.result),
                }
              : { targetLanguage: item.target, status: 'FAILED', error: item.error?.message ?? 'failed' },
          );
        }
        call.end();
      };
      run().catch((error: unknown) => {
        // grpc-js ends a server stream with a status when the call emits 'error'.
        call.emit('error', toGrpcFailure(error));
      });
    },

    DetectLanguage(call, callback) {
      const detection = service.detect(call.request.text);
      callback(null, {
        language: detection.language ?? '',
        confidence: detection.confidence,
        reliable: detection.reliable,
        candidates: detection.candidates.map((candidate) => ({
          language: candidate.language,
          score: candidate.score,
        })),
      });
    },

    ListModels(_call, callback) {
      callback(null, { models: registry.statuses().map(modelInfo) });
    },

    ListLanguages(_call, callback) {
      callback(null, {
        languages: supportedLanguages(registry).map((language) => ({
          ...language,
          tiers: language.tiers.map(tierToProto),
        })),
      });
    },

    PrepareModel(call, callback) {
      const tier = tierFromProto(call.request.tier) ?? registry.defaultTier;
      try {
        callback(null, modelInfo(registry.startPreparing(tier)));
      } catch (error) {
        callback(toGrpcFailure(error));
      }
    },

    ImportModel(call, callback) {
      const tier = tierFromProto(call.request.tier) ?? registry.defaultTier;
      registry.importFolder(tier, call.request.folder).then(
        (status) => {
          callback(null, modelInfo(status));
        },
        (error: unknown) => {
          callback(toGrpcFailure(error));
        },
      );
    },

    WatchModels(call) {
      for (const status of registry.statuses()) call.write({ model: modelInfo(status), file: '' });
      const forward = (change: ModelChange) =>
        call.write({ model: modelInfo(change.status), file: change.file });
      registry.on('change', forward);
      call.on('cancelled', () => registry.off('change', forward));
    },
  };
}

export interface RunningTranslatorServer {
  server: grpc.Server;
  port: number;
  health: HealthImplementation;
  close(): Promise<void>;
}

/**
 * Serves the Translator service and grpc.health.v1 on 127.0.0.1 only (the translator is a local process; other
 * machines reach it through the chat server). Health is NOT_SERVING until the default model is ready.
 */
export async function startTranslatorServer(options: {
  service: TextTranslator;
  registry: ModelRegistry;
  port: number;
  host?: string;
  limits?: ServerLimits;
  /** When set, every Translator call must present it (see call-token.ts); health stays open. */
  callToken?: string;
  /** Where translations and failures are counted (the translator's /metrics). */
  metrics?: TranslatorMetrics;
}): Promise<RunningTranslatorServer> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': limits.maxReceiveBytes,
    'grpc.max_send_message_length': limits.maxSendBytes,
  });
  const proto = loadTranslationProto();
  const handlers = translatorHandlers(options.service, options.registry, options.metrics);
  server.addService(
    proto.meeshy.translation.v1.Translator.service,
    options.callToken === undefined ? handlers : requireCallToken(handlers, options.callToken),
  );
  const health = new HealthImplementation({ '': 'NOT_SERVING', [TRANSLATOR_SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  const updateHealth = () => {
    const status =
      options.registry.state(options.registry.defaultTier) === 'ready' ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', status);
    health.setStatus(TRANSLATOR_SERVICE_NAME, status);
  };
  options.registry.on('change', updateHealth);
  updateHealth();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${options.host ?? '127.0.0.1'}:${options.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, boundPort) => {
        if (error) reject(error);
        else resolve(boundPort);
      },
    );
  });
  return {
    server,
    port,
    health,
    close: () =>
      new Promise<void>((resolve) => {
        options.registry.off('change', updateHealth);
        server.tryShutdown(() => {
          resolve();
        });
        // Streams such as WatchModels never end on their own; give them a moment, then force.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000).unref();
      }),
  };
}
