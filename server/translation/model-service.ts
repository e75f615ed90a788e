import type { FastifyBaseLogger } from 'fastify';
import {
  modelProvisionHints,
  type ModelInfo,
  type ModelProgressEvent,
  type ModelState,
  type ModelTier,
} from '../../contract/translations.ts';
import type { RealtimePublisher } from '../domain/realtime-publisher.ts';
import { AppError } from '../errors.ts';
import { downloadProgress, known, toModelInfo, type KnownModel } from '../../proto/model-info.ts';
import { TranslatorError, type TranslatorClient } from './translator-client.ts';

const CALL_TIMEOUT_MS = 5000;
/** An import copies and checks gigabytes (every ONNX file is loaded once) before it answers. */
const IMPORT_TIMEOUT_MS = 10 * 60_000;
const REWATCH_DELAY_MS = 1000;

function toProgressEvent(model: KnownModel): ModelProgressEvent {
  const downloading = model.state === 'downloading';
  return {
    tier: model.tier,
    state: model.state,
    progress: downloadProgress(model),
    bytesDone: downloading ? model.proto.downloadedBytes : null,
    bytesTotal: downloading && model.proto.sizeBytes > 0 ? model.proto.sizeBytes : null,
  };
}

/** An unpinned tier has nothing to fetch; an imported one came from a folder: say how to provide it instead. */
function notDownloadable(model: ModelInfo): AppError {
  const hints = modelProvisionHints(model.tier);
  return new AppError(
    409,
    'MODEL_NOT_DOWNLOADABLE',
    model.source === 'unpinned'
      ? `No ${model.tier} model is pinned yet: set ${hints.override} for the translator, or import one with ${hints.importCommand}`
      : `The ${model.tier} model was imported from a folder; import it again with ${hints.importCommand}`,
  );
}

const translatorUnavailable = () =>
  new AppError(503, 'TRANSLATOR_UNAVAILABLE', 'The translation service is not available right now');

/**
 * The Models screen's view of the translator: the tiers, their state and license, downloads on request
 * (only after the user accepted a restrictive license), and progress forwarded to every socket.
 */
export class ModelService {
  private stopWatching: (() => void) | undefined;
  private rewatchTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** Each tier's state as the stream last told it; forgotten when the stream ends. */
  private readonly states = new Map<ModelTier, ModelState>();

  /** `onStateChange` hears of every tier whose state changed, and of the stream's end (the translator left). */
  constructor(
    private readonly translator: TranslatorClient,
    private readonly publisher: RealtimePublisher,
    private readonly logger: FastifyBaseLogger,
    private readonly onStateChange: () => void = () => {},
  ) {}

  async list(): Promise<ModelInfo[]> {
    try {
      const models = (await this.translator.listModels(CALL_TIMEOUT_MS)).map(known);
      return models.filter((model) => model !== null).map(toModelInfo);
    } catch (error) {
      if (error instanceof TranslatorError) throw translatorUnavailable();
      throw error;
    }
  }

  async download(tier: ModelTier, acceptLicense: boolean): Promise<ModelInfo> {
    const model = (await this.list()).find((candidate) => candidate.tier === tier);
    if (!model) throw new AppError(404, 'NOT_FOUND', `No model is configured for the ${tier} tier`);
    if (model.source !== 'hub') throw notDownloadable(model);
    if (model.requiresConsent && !acceptLicense) {
      throw new AppError(
        400,
        'LICENSE_NOT_ACCEPTED',
        `${model.repo} is licensed ${model.license}; accept the license (acceptLicense: true) to download it`,
      );
    }
    try {
      const prepared = known(await this.translator.prepareModel(tier, CALL_TIMEOUT_MS));
      if (!prepared) throw translatorUnavailable();
      return toModelInfo(prepared);
    } catch (error) {
      if (error instanceof TranslatorError && error.kind === 'invalid') {
        throw new AppError(409, 'CONFLICT', error.message);
      }
      if (error instanceof TranslatorError) throw translatorUnavailable();
      throw error;
    }
  }

  /** Installs a folder from the translator's machine into a tier; a folder it refuses is a 400 naming the file. */
  async importFolder(tier: ModelTier, folder: string): Promise<ModelInfo> {
    try {
      const imported = known(await this.translator.importModel(tier, folder, IMPORT_TIMEOUT_MS));
      if (!imported) throw translatorUnavailable();
      return toModelInfo(imported);
    } catch (error) {
      if (error instanceof TranslatorError && error.kind === 'invalid') {
        throw new AppError(400, 'BAD_REQUEST', error.message);
      }
      if (error instanceof TranslatorError) throw translatorUnavailable();
      throw error;
    }
  }

  /** Forwards model events to every socket, re-opening the stream whenever the translator comes back. */
  start(): void {
    this.running = true;
    this.watch();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.rewatchTimer);
    this.stopWatching?.();
  }

  private watch(): void {
    if (!this.running) return;
    this.stopWatching = this.translator.watchModels(
      (model) => {
        const knownModel = known(model);
        if (!knownModel) return;
        this.publisher.toEveryone('model:progress', toProgressEvent(knownModel));
        // Progress events of a download come many a second; only a new state is news to the caller.
        if (this.states.get(knownModel.tier) !== knownModel.state) {
          this.states.set(knownModel.tier, knownModel.state);
          this.onStateChange();
        }
      },
      (error) => {
        if (error) this.logger.debug({ err: error }, 'model stream ended; watching again');
        // A translator that comes back announces its models anew, each a change since this end.
        const hadStates = this.states.size > 0;
        this.states.clear();
        if (hadStates) this.onStateChange();
        this.rewatchTimer = setTimeout(() => {
          this.watch();
        }, REWATCH_DELAY_MS);
      },
    );
  }
}
