import { EventEmitter } from 'node:events';
import type { RuntimeThreads } from '../engine/onnx-runtime.ts';
import { blockwiseWeightsBytes } from '../engine/blockwise-weights.ts';
import { TranslationModel } from '../engine/translation-model.ts';
import { isSupportedLanguage } from '../text/language-codes.ts';
import type { ModelSource, ModelState, ModelTier } from '../../contract/translations.ts';
import type { CatalogEntry } from './catalog.ts';
import { importModel } from './model-import.ts';
import { NotDownloadableError, OfflineError, type ModelStore } from './model-store.ts';

export interface TierStatus {
  tier: ModelTier;
  repo: string;
  revision: string;
  state: ModelState;
  source: ModelSource;
  sizeBytes: number;
  downloadedBytes: number;
  error: string;
  isDefault: boolean;
  license: string;
  licenseRestricted: boolean;
}

export interface ModelChange {
  status: TierStatus;
  /** The file being downloaded, for progress events. */
  file: string;
}

export interface RegistryOptions {
  catalog: CatalogEntry[];
  store: ModelStore;
  threads: RuntimeThreads;
  defaultTier: ModelTier;
  /** Download a missing default model at start (never when the store is offline). */
  autoDownload: boolean;
}

interface Slot {
  entry: CatalogEntry;
  state: ModelState;
  model: TranslationModel | null;
  sizeBytes: number;
  downloadedBytes: number;
  error: string;
  lastProgressAt: number;
}

function catalogBytes(entry: CatalogEntry): number {
  return entry.files.reduce((sum, file) => sum + (file.size ?? 0), 0);
}

/** Progress events are throttled: a download can emit thousands of chunks a second. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Owns the models of every tier: their state (downloaded, loading, ready...), the loaded sessions, kept warm once
 * loaded, and a 'change' event for every transition and for download progress.
 */
export class ModelRegistry extends EventEmitter<{ change: [ModelChange] }> {
  private readonly slots = new Map<ModelTier, Slot>();
  /** One preparation per tier at a time: a second caller waits for the first instead of downloading twice. */
  private readonly preparing = new Map<ModelTier, Promise<TranslationModel>>();

  constructor(private readonly options: RegistryOptions) {
    super();
    for (const entry of options.catalog) {
      this.slots.set(entry.tier, {
        entry,
        state: 'absent',
        model: null,
        sizeBytes: catalogBytes(entry),
        downloadedBytes: 0,
        error: '',
        lastProgressAt: 0,
      });
    }
  }

  get defaultTier(): ModelTier {
    return this.options.defaultTier;
  }

  entry(tier: ModelTier): CatalogEntry | undefined {
    return this.slots.get(tier)?.entry;
  }

  statuses(): TierStatus[] {
    return [...this.slots.values()].map((slot) => this.statusOf(slot));
  }

  state(tier: ModelTier): ModelState {
    return this.slots.get(tier)?.state ?? 'absent';
  }

  model(tier: ModelTier): TranslationModel | null {
    return this.slots.get(tier)?.model ?? null;
  }

  /**
   * Whether a tier's model can translate the pair: asked of the loaded model, else judged from the catalog
   * (NLLB knows every NLLB language; a pair list is exact; an unknown override is assumed able).
   */
  canTranslate(tier: ModelTier, source: string, target: string): boolean {
    const slot = this.slots.get(tier);
    if (slot === undefined) return false;
    if (slot.model !== null) return slot.model.supports(source, target);
    const { family, pairs } = slot.entry;
    if (pairs !== undefined)
      return pairs.includes(`${source.split('-')[0] ?? ''}-${target.split('-')[0] ?? ''}`);
    if (family === 'nllb') return isSupportedLanguage(source) && isSupportedLanguage(target);
    return true;
  }

  private statusOf(slot: Slot): TierStatus {
    return {
      tier: slot.entry.tier,
      repo: slot.entry.repo,
      revision: slot.entry.revision,
      state: slot.state,
      source: slot.entry.source,
      sizeBytes: slot.sizeBytes,
      downloadedBytes: slot.downloadedBytes,
      error: slot.error,
      isDefault: slot.entry.tier === this.options.defaultTier,
      license: slot.entry.license,
      licenseRestricted: slot.entry.licenseRestricted,
    };
  }

  /**
   * A model on disk takes its files (as verified, where the catalog may not know their sizes) and, once its first
   * load built them, the engine's blockwise weights.
   */
  private async sizeOnDisk(entry: CatalogEntry): Promise<number> {
    const files = (await this.options.store.recordedBytes(entry)) ?? catalogBytes(entry);
    return files + (await blockwiseWeightsBytes(this.options.store.directoryOf(entry)));
  }

  private update(slot: Slot, changes: Partial<Slot>, file = ''): void {
    Object.assign(slot, changes);
    this.emit('change', { status: this.statusOf(slot), file });
  }

  /** Loads every model already on disk, then fetches and loads the default one if it is missing. */
  async start(): Promise<void> {
    for (const slot of this.slots.values()) {
      if (await this.options.store.isDownloaded(slot.entry))
        this.update(slot, { state: 'downloaded', sizeBytes: await this.sizeOnDisk(slot.entry) });
    }
    const loads = [...this.slots.values()]
      .filter((slot) => slot.state === 'downloaded')
      .map((slot) => this.prepare(slot.entry.tier).catch(() => undefined));
    await Promise.all(loads);
    const defaultSlot = this.slots.get(this.options.defaultTier);
    if (defaultSlot?.state === 'absent' && this.options.autoDownload) {
      await this.prepare(this.options.defaultTier).catch(() => undefined);
    }
  }

  /**
   * Starts preparing a tier in the background and returns its current state; progress arrives as 'change' events.
   * Offline, a model that is not on disk cannot be prepared, and that is said at once.
   */
  startPreparing(tier: ModelTier): TierStatus {
    const slot = this.slots.get(tier);
    if (slot === undefined) throw new Error(`no model is configured for the ${tier} tier`);
    const missing = slot.state === 'absent' || slot.state === 'failed';
    // Said at once rather than as a download that fails: there is no export to fetch for this tier.
    if (missing && slot.entry.source !== 'hub') throw new NotDownloadableError(slot.entry);
    if (this.options.store.offline && missing) throw new OfflineError(slot.entry.repo);
    // Said before answering: a caller that asks right after this answer must see the download under way,
    // not the missing model it asked to fetch (the check of the files on disk comes a moment later).
    if (missing && !this.preparing.has(tier))
      this.update(slot, { state: 'downloading', error: '', sizeBytes: catalogBytes(slot.entry) });
    // Failures are recorded in the tier's state (and its change event), which is how callers learn of them.
    this.prepare(tier).catch(() => undefined);
    return this.statusOf(slot);
  }

  /**
   * Installs a model folder into a tier (see importModel) and loads it in the background in place of the tier's
   * previous model; an invalid folder throws a ModelImportError and leaves the tier as it was.
   */
  async importFolder(tier: ModelTier, folder: string): Promise<TierStatus> {
    const slot = this.slots.get(tier);
    if (slot === undefined) throw new Error(`no model is configured for the ${tier} tier`);
    await this.preparing.get(tier)?.catch(() => undefined);
    const entry = await importModel(this.options.store, tier, folder);
    const previous = slot.model;
    const sizeBytes = await this.sizeOnDisk(entry);
    this.update(slot, { entry, model: null, state: 'downloaded', error: '', sizeBytes, downloadedBytes: 0 });
    await previous?.release();
    this.prepare(tier).catch(() => undefined);
    return this.statusOf(slot);
  }

  /** Downloads (if needed) and loads one tier. Failures leave the tier 'failed' with the reason. */
  prepare(tier: ModelTier, signal?: AbortSignal): Promise<TranslationModel> {
    const pending = this.preparing.get(tier);
    if (pending !== undefined) return pending;
    const preparation = this.prepareOnce(tier, signal).finally(() => this.preparing.delete(tier));
    this.preparing.set(tier, preparation);
    return preparation;
  }

  private async prepareOnce(tier: ModelTier, signal?: AbortSignal): Promise<TranslationModel> {
    const slot = this.slots.get(tier);
    if (slot === undefined) throw new Error(`no model is configured for the ${tier} tier`);
    if (slot.model !== null) return slot.model;
    try {
      if (!(await this.options.store.isDownloaded(slot.entry))) {
        // A download's total is what the catalog knows, not a size on disk that counted blockwise weights.
        this.update(slot, { state: 'downloading', error: '', sizeBytes: catalogBytes(slot.entry) });
        await this.options.store.download(
          slot.entry,
          (progress) => {
            const now = Date.now();
            const finished = progress.fileTotal !== null && progress.fileBytes === progress.fileTotal;
            if (!finished && now - slot.lastProgressAt < PROGRESS_INTERVAL_MS) return;
            slot.lastProgressAt = now;
            this.update(
              slot,
              {
                downloadedBytes: progress.downloadedBytes,
                sizeBytes: progress.totalBytes ?? Math.max(slot.sizeBytes, progress.downloadedBytes),
              },
              progress.file,
            );
          },
          signal,
        );
        this.update(slot, { state: 'downloaded' });
      }
      this.update(slot, { state: 'loading' });
      const model = await TranslationModel.load({
        modelDir: this.options.store.directoryOf(slot.entry),
        precision: slot.entry.precision,
        layout: slot.entry.layout,
        folder: slot.entry.folder,
        threads: this.options.threads,
        repo: slot.entry.repo,
        ...(slot.entry.pairs ? { pairs: slot.entry.pairs } : {}),
      });
      // The slot holds the model before the size is counted, so that a release meanwhile finds it; the first load
      // built its blockwise weights, which count from now on.
      slot.model = model;
      const sizeBytes = await this.sizeOnDisk(slot.entry);
      if (slot.model !== model) throw new Error('the models were released while this one loaded');
      this.update(slot, { state: 'ready', error: '', sizeBytes });
      return model;
    } catch (error) {
      this.update(slot, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  async release(): Promise<void> {
    for (const slot of this.slots.values()) {
      if (slot.model !== null) await slot.model.release();
      slot.model = null;
    }
  }
}
