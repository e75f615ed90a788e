import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelTier } from '../../contract/translations.ts';
import {
  detectExportLayout,
  requiredOnnxFiles,
  type ExportLayout,
  type Precision,
} from '../engine/export-layout.ts';
import { readModelConfig, type ModelFamily } from '../engine/model-config.ts';
import { createSession } from '../engine/onnx-runtime.ts';
import { TextTokenizer } from '../engine/tokenizer.ts';
import type { CatalogEntry } from './catalog.ts';
import type { ModelStore } from './model-store.ts';
import { pathExists as exists } from '../engine/path-exists.ts';

/** A folder that cannot be imported; the message names the file at fault. */
export class ModelImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelImportError';
  }
}

/** Beside the download manifest in an imported folder: what the catalog entry of the import is. */
const IMPORT_RECORD = '.meeshy-import.json';
const MANIFEST = '.meeshy-manifest.json';
const REQUIRED_JSON = ['config.json', 'tokenizer.json'];
/** Copied when present: transformers.js reads them, and the tokenizer reads its config too. */
const OPTIONAL_JSON = ['tokenizer_config.json', 'generation_config.json'];

interface ImportRecord {
  name: string;
  family: ModelFamily;
  precision: Precision;
  layout: ExportLayout;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The ONNX layout of a folder, quantized files preferred as the catalog prefers them. */
async function layoutOf(folder: string): Promise<{ precision: Precision; layout: ExportLayout }> {
  for (const precision of ['quantized', 'fp32'] as const) {
    const layout = await detectExportLayout(folder, precision);
    if (layout !== null) return { precision, layout };
  }
  throw new ModelImportError(
    `${folder}: no encoder_model_quantized.onnx or encoder_model.onnx, neither in onnx/ nor at the root`,
  );
}

/** Every file the import copies: the JSON files, the layout's ONNX files and their external data. */
async function filesToCopy(folder: string, precision: Precision, layout: ExportLayout): Promise<string[]> {
  const onnx = requiredOnnxFiles(layout.decoder, precision, layout.folder);
  const missing: string[] = [];
  for (const file of [...REQUIRED_JSON, ...onnx]) if (!(await exists(join(folder, file)))) missing.push(file);
  if (missing.length > 0) {
    throw new ModelImportError(
      `${folder} is missing ${missing.join(', ')} (an ${layout.folder}/${layout.decoder} export needs them)`,
    );
  }
  const optional = [...OPTIONAL_JSON, ...onnx.map((file) => `${file}_data`)];
  const present = await Promise.all(optional.map((file) => exists(join(folder, file))));
  return [...REQUIRED_JSON, ...optional.filter((_, index) => present[index]), ...onnx];
}

/** Loads what the engine will load, so a corrupt file is named now rather than at the first translation. */
async function checkLoadable(directory: string, onnxFiles: string[]): Promise<ModelFamily> {
  let family: ModelFamily;
  try {
    family = (await readModelConfig(directory)).family;
  } catch (error) {
    throw new ModelImportError(`config.json cannot be used: ${reason(error)}`);
  }
  try {
    await TextTokenizer.load(directory);
  } catch (error) {
    throw new ModelImportError(`tokenizer.json cannot be loaded: ${reason(error)}`);
  }
  for (const file of onnxFiles) {
    try {
      // One at a time: a large export's sessions together would need its whole size in memory twice over.
      const session = await createSession(join(directory, file), { intraOp: 1, interOp: 1 });
      await session.release();
    } catch (error) {
      throw new ModelImportError(`${file} is not a loadable ONNX model: ${reason(error)}`);
    }
  }
  return family;
}

/**
 * Installs a model the user converted or downloaded into the tier's imported folder. The files are checked (the
 * layout's files are all there; config.json, tokenizer.json and every ONNX file load), copied into a staging folder
 * beside the target and renamed into place, so the tier sees either its previous model or the whole new one.
 */
export async function importModel(store: ModelStore, tier: ModelTier, source: string): Promise<CatalogEntry> {
  const folder = resolve(source);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) {
    throw new ModelImportError(`${folder} is not a folder`);
  }
  const { precision, layout } = await layoutOf(folder);
  const files = await filesToCopy(folder, precision, layout);
  const target = store.importedDirectoryOf(tier);
  await mkdir(dirname(target), { recursive: true });
  const staging = `${target}.tmp-${randomUUID()}`;
  try {
    const manifest: {
      repo: string;
      revision: string;
      files: Record<string, { size: number; sha256: string }>;
    } = { repo: basename(folder), revision: 'imported', files: {} };
    for (const file of files) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await copyFile(join(folder, file), join(staging, file));
      manifest.files[file] = {
        size: (await stat(join(staging, file))).size,
        sha256: await sha256Of(join(staging, file)),
      };
    }
    const family = await checkLoadable(staging, requiredOnnxFiles(layout.decoder, precision, layout.folder));
    const record: ImportRecord = { name: basename(folder), family, precision, layout };
    await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    await writeFile(join(staging, IMPORT_RECORD), JSON.stringify(record, null, 2));
    await replaceFolder(target, staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const entry = await importedEntry(store, tier);
  if (entry === null) throw new ModelImportError(`${target}: the import record was not written`);
  return entry;
}

/** Swaps a folder for a complete new one: the old one is renamed aside first, then removed. */
async function replaceFolder(target: string, replacement: string): Promise<void> {
  const previous = `${target}.old-${randomUUID()}`;
  const hadPrevious = await exists(target);
  if (hadPrevious) await rename(target, previous);
  await rename(replacement, target);
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}

/** The catalog entry of a tier's imported model, or null when none was imported. */
export async function importedEntry(store: ModelStore, tier: ModelTier): Promise<CatalogEntry | null> {
  const directory = store.importedDirectoryOf(tier);
  let record: ImportRecord;
  let files: string[];
  try {
    record = JSON.parse(await readFile(join(directory, IMPORT_RECORD), 'utf8')) as ImportRecord;
    const manifest = JSON.parse(await readFile(join(directory, MANIFEST), 'utf8')) as {
      files: Record<string, unknown>;
    };
    files = Object.keys(manifest.files);
  } catch {
    return null;
  }
  return {
    tier,
    source: 'imported',
    repo: record.name,
    revision: 'imported',
    family: record.family,
    precision: record.precision,
    layout: record.layout.decoder,
    folder: record.layout.folder,
    files: files.map((path) => ({ path })),
    // The user brought these weights: their license is theirs to know.
    license: 'unknown',
    licenseRestricted: false,
  };
}

/** The catalog with each imported tier in place of its hub entry: an import is the owner's explicit choice. */
export async function withImportedModels(
  catalog: CatalogEntry[],
  store: ModelStore,
): Promise<CatalogEntry[]> {
  return Promise.all(catalog.map(async (entry) => (await importedEntry(store, entry.tier)) ?? entry));
}

/** Removes a tier's import, if any; the tier falls back to its catalog entry. */
export async function removeImport(store: ModelStore, tier: ModelTier): Promise<boolean> {
  const directory = store.importedDirectoryOf(tier);
  if (!(await exists(directory))) return false;
  await rm(directory, { recursive: true, force: true });
  return true;
}
