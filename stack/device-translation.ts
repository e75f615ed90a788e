import * as grpc from '@grpc/grpc-js';
import type { DeviceTranslationRequest, DeviceTranslationResult } from '../contract/desktop-bridge.ts';
import { callTokenInterceptor } from '../proto/call-token.ts';
import type { TranslatorClient as ProtoTranslatorClient } from '../proto/generated/meeshy/translation/v1/Translator.ts';
import { loadTranslationProto } from '../proto/load.ts';
import { tierFromProto } from '../proto/model-mapping.ts';

/** A message's translation may wait behind others in the translator's queue, but not for ever. */
const TRANSLATE_DEADLINE_MS = 120_000;

/** A translator not listening yet, a model still loading (UNAVAILABLE), or a full queue: ask again later. */
const RETRY_LATER_STATUSES: ReadonlySet<grpc.status> = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.RESOURCE_EXHAUSTED,
]);

/**
 * Translation on this device for the desktop app's page: a gRPC client of the local translator that
 * presents the launch's token. Every failure is an answer (`ok: false` with the reason), never a throw,
 * since the page only shows it.
 */
export class DeviceTranslator {
  private readonly client: ProtoTranslatorClient;

  constructor(address: string, token: string) {
    const Translator = loadTranslationProto().meeshy.translation.v1.Translator;
    this.client = new Translator(address, grpc.credentials.createInsecure(), {
      interceptors: [callTokenInterceptor(token)],
    });
  }

  translate(request: DeviceTranslationRequest): Promise<DeviceTranslationResult> {
    return new Promise((resolve) => {
      this.client.translate(
        {
          messageId: request.messageId,
          text: request.text,
          sourceLanguage: request.sourceLanguage ?? '',
          targetLanguage: request.targetLanguage,
        },
        { deadline: Date.now() + TRANSLATE_DEADLINE_MS },
        (error, reply) => {
          if (error !== null || reply === undefined) {
            resolve({
              ok: false,
              error: error?.details ?? 'the translator gave no answer',
              retryLater: error !== null && RETRY_LATER_STATUSES.has(error.code),
            });
            return;
          }
          const tier = tierFromProto(reply.metadata?.modelTier ?? 0);
          resolve(
            tier === null
              ? { ok: false, error: 'the translator named no known tier', retryLater: false }
              : {
                  ok: true,
                  text: reply.translatedText,
                  sourceLanguage: reply.sourceLanguage,
                  model: reply.metadata?.modelName ?? '',
                  tier,
                },
          );
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
