import * as grpc from '@grpc/grpc-js';
import type {
  DeviceModelResult,
  DeviceTranslationFailure,
  DeviceTranslationRequest,
  DeviceTranslationResult,
} from '../contract/desktop-bridge.ts';
import type { ModelInfo } from '../contract/translations.ts';
import { callTokenInterceptor } from '../proto/call-token.ts';
import type { ModelInfo__Output as ProtoModelInfo } from '../proto/generated/meeshy/translation/v1/ModelInfo.ts';
import type { TranslatorClient as ProtoTranslatorClient } from '../proto/generated/meeshy/translation/v1/Translator.ts';
import { loadTranslationProto } from '../proto/load.ts';
import { known, toModelInfo } from '../proto/model-info.ts';
import { stateFromProto, tierFromProto } from '../proto/model-mapping.ts';

/** A message's translation may wait behind others in the translator's queue, but not for ever. */
const TRANSLATE_DEADLINE_MS = 120_000;
/** Model calls answer at once (a download runs on after PrepareModel has answered). */
const MODEL_CALL_DEADLINE_MS = 10_000;

/**
 * What helps after a failed call. UNAVAILABLE is the translator not listening yet, or a model that is not
 * ready: the model state the translator attaches tells a download in progress (wait) from one never made
 * or failed (the user must download it). A full queue clears by itself.
 */
function failureReason(error: grpc.ServiceError): DeviceTranslationFailure {
  if (error.code === grpc.status.RESOURCE_EXHAUSTED) return 'busy';
  if (error.code !== grpc.status.UNAVAILABLE) return 'failed';
  const [state] = error.metadata.get('model-state');
  if (typeof state !== 'string') return 'busy';
  const named = stateFromProto(state as ProtoModelInfo['state']);
  return named === 'absent' || named === 'failed' ? 'needs-model' : 'busy';
}

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
              reason: error === null ? 'failed' : failureReason(error),
            });
            return;
          }
          const tier = tierFromProto(reply.metadata?.modelTier ?? 0);
          resolve(
            tier === null
              ? { ok: false, error: 'the translator named no known tier', reason: 'failed' }
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

  /** The translator's default model as the page shows it; null when the translator does not answer. */
  defaultModel(): Promise<ModelInfo | null> {
    return new Promise((resolve) => {
      this.client.listModels({}, { deadline: Date.now() + MODEL_CALL_DEADLINE_MS }, (error, reply) => {
        const proto = error === null ? reply?.models.find((model) => model.isDefault) : undefined;
        const model = proto === undefined ? null : known(proto);
        resolve(model === null ? null : toModelInfo(model));
      });
    });
  }

  /**
   * Starts the default model's download and load, once the user has accepted a license that asks for it
   * (NLLB's is non-commercial): the page shows the license from `defaultModel()` and passes the answer.
   */
  async downloadDefaultModel(acceptLicense: boolean): Promise<DeviceModelResult> {
    const model = await this.defaultModel();
    if (model === null) return { ok: false, error: 'the translator on this device does not answer' };
    if (model.source !== 'hub') {
      return { ok: false, error: `the ${model.tier} model has no download; import one in the Models screen` };
    }
    if (model.requiresConsent && !acceptLicense) {
      return {
        ok: false,
        error: `the model's license (${model.license}) must be accepted before it downloads`,
      };
    }
    return new Promise((resolve) => {
      this.client.prepareModel({}, { deadline: Date.now() + MODEL_CALL_DEADLINE_MS }, (error, reply) => {
        const prepared = reply === undefined ? null : known(reply);
        if (error !== null || prepared === null) {
          resolve({ ok: false, error: error?.details ?? 'the translator gave no answer' });
          return;
        }
        resolve({ ok: true, model: toModelInfo(prepared) });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}
