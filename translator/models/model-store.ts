import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelProvisionHints } from '../../contract/translations.ts';
import type { CatalogEntry } from './catalog.ts';
import {
  ChecksumMismatchError,
  DownloadError,
  downloadFile,
  type FileDownloadRequest,
  NotFoundOnHubError,
} from './file-download.ts';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
const MANIFEST = '.meeshy-manifest.json';

export class OfflineError extends Error {
  constructor(repo: string) {
    super(`offline mode: ${repo} is not downloaded and nothing may be fetched`);
    this.name = 'OfflineError';
  }
}

/** The tier has no export to download: unpinned (none is known) or imported (it came from a local folder). */
export class NotDownloadableError extends Error {
  constructor(entry: Pick<CatalogEntry, 'tier' | 'source' | 'repo'>) {
    const hints = modelProvisionHints(entry.tier);
    super(
      entry.source === 'unpinned'
        ? `no ${entry.tier} export is pinned, so there is nothing to download: set ${hints.override} ` +
            `for the translator, or import a converted model with \`${hints.importCommand}\``
        : `the ${entry.tier} model (${entry.repo}) was imported from a folder; import it again with \`${hints.importCommand}\``,
    );
    this.name = 'NotDownloadableError';
  }
}

/** Files whose sum the catalog knows did not add up to it: they were removed, the model is not installed. */
export class TotalSizeMismatchError extends Error {
  constructor(files: string[], expected: number, actual: number) {
    super(
      `${files.join(' + ')}: ${actual} bytes downloaded, expected ${expected} in total for the pinned commit; ` +
        'the files were discarded',
    );
    this.name = 'TotalSizeMismatchError';
  }
}

export interface StoreOptions {
  /** `<dataDir>/models`. */
  modelsDir: string;
  hubEndpoint: string;
  offline: boolean;
  /** Sent as a Bearer token, for gated repositories. */
  hubToken?: string;
  freeBytes?: FileDownloadRequest['freeBytes'];
}

export interface DownloadProgress {
  file: string;
  fileBytes: number;
  fileTotal: number | null;
  /** Over all files of the model, counting files already present. */
  downloadedBytes: number;
  totalBytes: number | null;
}

interface Manifest {
  repo: string;
  revision: string;
  files: Record<string, { size: number; sha256: string }>;
  /** Optional files the hub does not have for this revision (answered 404). */
  absent?: string[];
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Model folders under `<dataDir>/models/<owner>/<name>/<revision>`, fetched from a hub in its URL layout. */
export class ModelStore {
  constructor(private readonly options: StoreOptions) {}

  get offline(): boolean {
    return this.options.offline;
  }

  /** Hub models under `<owner>/<name>/<revision>`; an imported one under `imported/<tier>`. */
  directoryOf(entry: Pick<CatalogEntry, 'repo' | 'revision' | 'source' | 'tier'>): string {
    if (entry.source === 'imported') return this.importedDirectoryOf(entry.tier);
    return join(this.options.modelsDir, ...entry.repo.split('/'), entry.revision);
  }

  importedDirectoryOf(tier: CatalogEntry['tier']): string {
    return join(this.options.modelsDir, 'imported', tier);
  }

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  urlOf(entry: Pick<CatalogEntry, 'repo' | 'revision'>, file: string): string {
    const endpoint = this.options.hubEndpoint.replace(/\/+$/, '');
    return `${endpoint}/${entry.repo}/resolve/${encodeURIComponent(entry.revision)}/${file}`;
  }

  private async readManifest(entry: CatalogEntry): Promise<Manifest | null> {
    try {
      return JSON.parse(await readFile(join(this.directoryOf(entry), MANIFEST), 'utf8')) as Manifest;
    } catch {
      return null;
    }
  }

  /** The bytes of a model's files as recorded when they were verified; null before any were. */
  async recordedBytes(entry: CatalogEntry): Promise<number | null> {
    const manifest = await this.readManifest(entry);
    if (manifest === null) return null;
    return Object.values(manifest.files).reduce((sum, file) => sum + file.size, 0);
  }

  /** Cheap check used at start-up: every file recorded as verified is there with its size. */
  async isDownloaded(entry: CatalogEntry): Promise<boolean> {
    if (entry.source === 'unpinned') return false;
    const manifest = await this.readManifest(entry);
    if (manifest === null) return false;
    for (const file of entry.files) {
      const recorded = manifest.files[file.path];
      if (recorded === undefined && file.optional === true && manifest.absent?.includes(file.path)) continue;
      if (recorded === undefined) return false;
      try {
        if ((await stat(join(this.directoryOf(entry), file.path))).size !== recorded.size) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  /**
   * Fetches every missing file of a model. A file whose checksum does not match is discarded and fetched once
   * more from scratch; a second mismatch is an error.
   */
  async download(
    entry: CatalogEntry,
    onProgress?: (progress: DownloadProgress) => void,
    signal?: AbortSignal,
  ) {
    if (entry.source !== 'hub') throw new NotDownloadableError(entry);
    if (this.options.offline) throw new OfflineError(entry.repo);
    const directory = this.directoryOf(entry);
    const manifest: Manifest = (await this.readManifest(entry)) ?? {
      repo: entry.repo,
      revision: entry.revision,
      files: {},
    };
    const knownTotal = entry.files.every((file) => file.size !== undefined)
      ? entry.files.reduce((sum, file) => sum + (file.size ?? 0), 0)
      : null;
    let completedBytes = 0;
    for (const file of entry.files) {
      const destination = join(directory, file.path);
      const recorded = manifest.files[file.path];
      if (recorded !== undefined && (await stat(destination).catch(() => null))?.size === recorded.size) {
        completedBytes += recorded.size;
        continue;
      }
      if (recorded === undefined && file.optional === true && manifest.absent?.includes(file.path)) continue;
      const request: FileDownloadRequest = {
        url: this.urlOf(entry, file.path),
        destination,
        ...(file.sha256 === undefined ? {} : { expectedSha256: file.sha256 }),
        ...(file.size === undefined ? {} : { expectedSize: file.size }),
        ...(this.options.hubToken === undefined
          ? {}
          : { headers: { authorization: `Bearer ${this.options.hubToken}` } }),
        ...(signal === undefined ? {} : { signal }),
        ...(this.options.freeBytes === undefined ? {} : { freeBytes: this.options.freeBytes }),
        onProgress: ({ receivedBytes, totalBytes }) =>
          onProgress?.({
            file: file.path,
            fileBytes: receivedBytes,
            fileTotal: totalBytes,
            downloadedBytes: completedBytes + receivedBytes,
            totalBytes: knownTotal,
          }),
      };
      let result: { sha256: string; bytes: number };
      try {
        result = await downloadFile(request);
      } catch (error) {
        if (error instanceof NotFoundOnHubError && file.optional === true) {
          manifest.absent = [...new Set([...(manifest.absent ?? []), file.path])];
          await writeFile(join(directory, MANIFEST), JSON.stringify(manifest, null, 2));
          continue;
        }
        if (!(error instanceof ChecksumMismatchError)) throw error;
        result = await downloadFile(request);
      }
      completedBytes += result.bytes;
      manifest.files[file.path] = { size: result.bytes, sha256: result.sha256 };
      // Written after every file, so an interrupted model download keeps what it already verified.
      await writeFile(join(directory, MANIFEST), JSON.stringify(manifest, null, 2));
    }
    if (entry.totalSize !== undefined) await this.checkTotalSize(entry.totalSize, directory, manifest);
  }

  /** A known sum of sizes that does not match removes those files: the model stays not installed. */
  private async checkTotalSize(
    total: NonNullable<CatalogEntry['totalSize']>,
    directory: string,
    manifest: Manifest,
  ): Promise<void> {
    const actual = total.files.reduce((sum, path) => sum + (manifest.files[path]?.size ?? 0), 0);
    if (actual === total.bytes) return;
    manifest.files = Object.fromEntries(
      Object.entries(manifest.files).filter(([path]) => !total.files.includes(path)),
    );
    for (const path of total.files) await rm(join(directory, path), { force: true });
    await writeFile(join(directory, MANIFEST), JSON.stringify(manifest, null, 2));
    throw new TotalSizeMismatchError(total.files, total.bytes, actual);
  }

  /** Re-hashes every file against the catalog and the hashes recorded when it was downloaded. */
  async verify(entry: CatalogEntry): Promise<VerifyReport> {
    const manifest = await this.readManifest(entry);
    const problems: string[] = [];
    for (const file of entry.files) {
      const path = join(this.directoryOf(entry), file.path);
      const expected = file.sha256 ?? manifest?.files[file.path]?.sha256;
      const size = (await stat(path).catch(() => null))?.size;
      if (size === undefined && file.optional === true && manifest?.absent?.includes(file.path)) continue;
      if (size === undefined) {
        problems.push(`${file.path}: missing`);
        continue;
      }
      if (expected === undefined) {
        problems.push(`${file.path}: no known sha256`);
        continue;
      }
      const actual = await sha256Of(path);
      if (actual !== expected) problems.push(`${file.path}: sha256 ${actual}, expected ${expected}`);
    }
    return { ok: problems.length === 0, problems };
  }

  async remove(entry: CatalogEntry): Promise<void> {
    await rm(this.directoryOf(entry), { recursive: true, force: true });
  }
}

export { DownloadError };
