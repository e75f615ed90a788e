import type { FastifyBaseLogger } from 'fastify';
import type { ModelInfo, ModelProgressEvent, ModelState, ModelTier } from '../../contract/translations.ts';
import type { RealtimePublisher } from '../domain/realtime-publisher.ts';
import { AppError } from '../errors.ts';
import { TranslatorError, type TranslatorClient, type TranslatorModel } from './translator-client.ts';

const CALL_TIMEOUT_MS = 5000;
const REWATCH_DELAY_MS = 1000;

const STATES: Readonly<Record<string, ModelState>> = {
  NOT_DOWNLOADED: 'absent',
  DOWNLOADING: 'downloading',
  DOWNLOADED: 'downloaded',
  LOADING: 'loading',
  READY: 'ready',
  FAILED: 'failed',
};

function downloadProgress(model: TranslatorModel): number | null {
  if (model.state !== 'DOWNLOADING' || model.sizeBytes <= 0) return null;
  return Math.min(1, model.downloadedBytes / model.sizeBytes);
}

export function toModelInfo(model: TranslatorModel): ModelInfo {
  return {
    tier: model.tier,
    repo: model.repo,
    sizeBytes: model.sizeBytes,
    license: model.license,
    requiresConsent: model.licenseRestricted,
    state: STATES[model.state] ?? 'failed',
    progress: downloadProgress(model),
    error: model.error === '' ? null : model.error,
    isDefault: model.isDefault,
  };
}

function toProgressEvent(model: TranslatorModel): ModelProgressEvent {
  const downloading = model.state === 'DOWNLOADING';
  return {
    tier: model.tier,
    state: STATES[model.state] ?? 'failed',
    progress: downloadProgress(model),
    bytesDone: downloading ? model.downloadedBytes : null,
    bytesTotal: downloading && model.sizeBytes > 0 ? model.sizeBytes : null,
  };
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

  constructor(
    private readonly translator: TranslatorClient,
    private readonly publisher: RealtimePublisher,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async list(): Promise<ModelInfo[]> {
    try {
      return (await this.translator.listModels(CALL_TIMEOUT_MS)).map(toModelInfo);
    } catch (error) {
      if (error instanceof TranslatorError) throw translatorUnavailable();
      throw error;
    }
  }

  async download(tier: ModelTier, acceptLicense: boolean): Promise<ModelInfo> {
    const model = (await this.list()).find((candidate) => candidate.tier === tier);
    if (!model) throw new AppError(404, 'NOT_FOUND', `No model is configured for the ${tier} tier`);
    if (model.requiresConsent && !acceptLicense) {
      throw new AppError(
        400,
        'LICENSE_NOT_ACCEPTED',
        `${model.repo} is licensed ${model.license}; accept the license (acceptLicense: true) to download it`,
      );
    }
    try {
      return toModelInfo(await this.translator.prepareModel(tier, CALL_TIMEOUT_MS));
    } catch (error) {
      if (error instanceof TranslatorError && error.kind === 'invalid') {
        throw new AppError(409, 'CONFLICT', error.message);
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
        this.publisher.toEveryone('model:progress', toProgressEvent(model));
      },
      (error) => {
        if (error) this.logger.debug({ err: error }, 'model stream ended; watching again');
        this.rewatchTimer = setTimeout(() => {
          this.watch();
        }, REWATCH_DELAY_MS);
      },
    );
  }
}
