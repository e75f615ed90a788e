import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedLexiconFixture, cachedRandomFixture } from '../../tools/fixtures/fixture-cache.ts';
import { TINY_DIMS } from '../../tools/fixtures/random-transformer.ts';
import { writeRootNoPastExport } from '../../test-support/root-export.ts';
import { startHubServer, type FaultPlan, type RunningHub } from '../../tools/hub/hub-server.ts';
import { TranslationModel } from '../engine/translation-model.ts';
import { catalogFromEnvironment, type CatalogEntry } from './catalog.ts';
import { ChecksumMismatchError, InsufficientDiskError, NotFoundOnHubError } from './file-download.ts';
import {
  ModelStore,
  NotDownloadableError,
  OfflineError,
  TotalSizeMismatchError,
  type DownloadProgress,
} from './model-store.ts';

const REPO = 'fixtures/nllb-lexicon';
const ENCODER = 'onnx/encoder_model_quantized.onnx';

let work: string;
let hub: RunningHub;
let faults: (file: string) => FaultPlan;

function entry(files = ['config.json', 'tokenizer.json', ENCODER]): CatalogEntry {
  return {
    tier: 'medium',
    source: 'hub',
    repo: REPO,
    revision: 'main',
    family: 'nllb',
    precision: 'quantized',
    layout: 'merged',
    folder: 'onnx',
    files: files.map((path) => ({ path })),
    license: 'CC-BY-NC-4.0',
    licenseRestricted: true,
  };
}

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'meeshy-store-'));
  const hubRoot = join(work, 'hub');
  await mkdir(join(hubRoot, 'fixtures'), { recursive: true });
  await cp(await cachedLexiconFixture({ family: 'nllb' }), join(hubRoot, REPO), { recursive: true });
  faults = () => ({ kind: 'serve' });
  hub = await startHubServer({ root: hubRoot, faults: (file) => faults(file) });
});

afterEach(async () => {
  await hub.close();
  await rm(work, { recursive: true, force: true });
});

function store(extra: Partial<ConstructorParameters<typeof ModelStore>[0]> = {}) {
  return new ModelStore({
    modelsDir: join(work, 'data', 'models'),
    hubEndpoint: hub.url,
    offline: false,
    ...extra,
  });
}

describe('ModelStore over HTTP', () => {
  it('downloads every file in the hub layout, verifies it and reports progress', async () => {
    const progress: DownloadProgress[] = [];
    const models = store();
    await models.download(entry(), (event) => progress.push(event));
    expect(await models.isDownloaded(entry())).toBe(true);
    expect(await models.verify(entry())).toEqual({ ok: true, problems: [] });
    const original = await readFile(join(work, 'hub', REPO, ENCODER));
    expect(await readFile(join(models.directoryOf(entry()), ENCODER))).toEqual(original);
    const last = progress.filter((event) => event.file === ENCODER).at(-1);
    expect(last?.fileBytes).toBe(original.length);
    expect(hub.requests.some((line) => line.startsWith(`GET /${REPO}/resolve/main/${ENCODER}`))).toBe(true);
  });

  it('resumes an interrupted download with a Range request instead of starting over', async () => {
    let cut = true;
    faults = (file) => {
      if (file.endsWith(ENCODER) && cut) {
        cut = false;
        return { kind: 'truncateAfter', bytes: 60_000 };
      }
      return { kind: 'serve' };
    };
    const models = store();
    await expect(models.download(entry())).rejects.toThrow(/interrupted at 60000 bytes/);
    expect(await models.isDownloaded(entry())).toBe(false);
    await models.download(entry());
    const ranged = hub.requests.filter((line) =>
      line.startsWith(`GET /${REPO}/resolve/main/${ENCODER} bytes=`),
    );
    expect(ranged).toHaveLength(1);
    // The hub redirects the ranged request to its storage, and the range goes along.
    expect(hub.requests.filter((line) => line.startsWith('storage') && line.includes('bytes='))).toHaveLength(
      1,
    );
    expect(Number(/bytes=(\d+)-/.exec(ranged[0] ?? '')?.[1])).toBeGreaterThanOrEqual(60_000);
    expect(await models.verify(entry())).toEqual({ ok: true, problems: [] });
  });

  it('detects a corrupted transfer, discards it and fetches the file again', async () => {
    let corruptions = 0;
    faults = (file) => {
      if (file.endsWith(ENCODER) && corruptions === 0) {
        corruptions += 1;
        return { kind: 'corrupt' };
      }
      return { kind: 'serve' };
    };
    const models = store();
    await models.download(entry());
    expect(corruptions).toBe(1);
    expect(
      hub.requests.filter((line) => line.startsWith(`GET /${REPO}/resolve/main/${ENCODER}`)),
    ).toHaveLength(2);
    expect(await models.verify(entry())).toEqual({ ok: true, problems: [] });
  });

  it('checks an LFS file against the sha256 and size on the hub redirect, and keeps the token off the storage origin', async () => {
    const models = store({ hubToken: 'hf_secret' });
    await models.download(entry());
    const hubLines = hub.requests.filter((line) => line.startsWith('GET /'));
    const storageLines = hub.requests.filter((line) => line.startsWith('storage '));
    expect(storageLines.length).toBeGreaterThan(0);
    expect(hubLines.every((line) => line.endsWith('authorization'))).toBe(true);
    expect(storageLines.some((line) => line.includes('authorization'))).toBe(false);
    // The storage answers with no sha256 at all: only the redirect carried it, and a corrupted body is still caught.
    let corrupted = false;
    faults = (file) => {
      if (file.endsWith(ENCODER) && !corrupted) {
        corrupted = true;
        return { kind: 'corrupt' };
      }
      return { kind: 'serve' };
    };
    await models.remove(entry());
    const before = hub.requests.length;
    await models.download(entry());
    expect(corrupted).toBe(true);
    const encoderFromStorage = hub.requests
      .slice(before)
      .filter((line) => line.startsWith('storage GET') && line.includes('/encoder_model_quantized.onnx'));
    expect(encoderFromStorage).toHaveLength(2);
    expect(await models.verify(entry())).toEqual({ ok: true, problems: [] });
  });

  it('checks a file kept in git against its git blob id, discarding a corrupted copy', async () => {
    let corruptions = 0;
    faults = (file) => {
      if (file.endsWith('/config.json')) {
        corruptions += 1;
        return { kind: 'corrupt' };
      }
      return { kind: 'serve' };
    };
    const models = store();
    await expect(models.download(entry(['config.json']))).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof ChecksumMismatchError && /git blob [0-9a-f]{40}/.test(error.message),
    );
    expect(corruptions).toBe(2);
    expect(await models.isDownloaded(entry(['config.json']))).toBe(false);
    faults = () => ({ kind: 'serve' });
    await models.download(entry(['config.json']));
    expect(await models.verify(entry(['config.json']))).toEqual({ ok: true, problems: [] });
  });

  it('a size recorded in the catalog that the hub does not match is refused', async () => {
    const recorded: CatalogEntry = { ...entry(), files: [{ path: 'config.json', size: 3 }] };
    await expect(store().download(recorded)).rejects.toThrow(/expected 3/);
    expect(await store().isDownloaded(recorded)).toBe(false);
  });

  it('files held to a known total size: a mismatch is a clear error and nothing of them is installed', async () => {
    const pair = ['config.json', ENCODER];
    const sizes = await Promise.all(pair.map((path) => stat(join(work, 'hub', REPO, path))));
    const total = sizes.reduce((sum, size) => sum + size.size, 0);
    const wrong: CatalogEntry = { ...entry(pair), totalSize: { files: pair, bytes: total + 1 } };
    const models = store();
    await expect(models.download(wrong)).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof TotalSizeMismatchError && error.message.includes(`expected ${total + 1} in total`),
    );
    expect(await models.isDownloaded(wrong)).toBe(false);
    const left = await readdir(models.directoryOf(wrong), { recursive: true });
    expect(left.filter((path) => pair.includes(path))).toEqual([]);
    const right: CatalogEntry = { ...wrong, totalSize: { files: pair, bytes: total } };
    await models.download(right);
    expect(await models.isDownloaded(right)).toBe(true);
  });

  it('an unpinned tier is never downloaded: the error says how to provide a model', async () => {
    const unpinned: CatalogEntry = { ...entry(), tier: 'premium', source: 'unpinned', repo: '', files: [] };
    await expect(store().download(unpinned)).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof NotDownloadableError &&
        error.message.includes('PREMIUM_MODEL=owner/name@commit') &&
        error.message.includes('npm run models -- import premium <folder>'),
    );
    expect(await store().isDownloaded(unpinned)).toBe(false);
    expect(hub.requests).toHaveLength(0);
  });

  it('a community export at the repository root without past downloads its layout and runs', async () => {
    await writeRootNoPastExport(join(work, 'hub', 'fixtures', 'root-no-past'));
    const [, , premium] = catalogFromEnvironment({
      PREMIUM_MODEL: 'fixtures/root-no-past@main#root/no-past',
    });
    if (premium === undefined) throw new Error('no premium entry');
    const models = store();
    await models.download(premium);
    expect(await models.isDownloaded(premium)).toBe(true);
    const model = await TranslationModel.load({
      modelDir: models.directoryOf(premium),
      precision: premium.precision,
      layout: premium.layout,
      folder: premium.folder,
      threads: { intraOp: 1, interOp: 1 },
    });
    expect(model.layout).toBe('no-past');
    const [output] = await model.generate(
      [{ ids: [5, 60, 61, 2], target: 'fr', isCancelled: () => false }],
      { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 },
      8,
    );
    expect(output?.tokens).toHaveLength(8);
    await model.release();
  });

  it('verify notices a file corrupted on disk after download', async () => {
    const models = store();
    await models.download(entry());
    const path = join(models.directoryOf(entry()), ENCODER);
    const bytes = await readFile(path);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(path, bytes);
    const report = await models.verify(entry());
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toContain(ENCODER);
  });

  it('a file missing on the hub is a clear 404 error', async () => {
    await expect(store().download(entry(['config.json', 'onnx/missing.onnx']))).rejects.toSatisfy(
      (error: unknown) => error instanceof NotFoundOnHubError && /404/.test(error.message),
    );
  });

  it('too little free disk space is refused before writing', async () => {
    const models = store({ freeBytes: () => Promise.resolve(1000) });
    await expect(models.download(entry([ENCODER]))).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof InsufficientDiskError && /not enough free disk space/.test(error.message),
    );
  });

  it('a disk that fills up while writing (ENOSPC) is a clear error', async () => {
    const models = store();
    const target = join(models.directoryOf(entry()), ENCODER);
    await mkdir(join(models.directoryOf(entry()), 'onnx'), { recursive: true });
    // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
    await symlink('/dev/full', `${target}.part`);
    await expect(models.download(entry([ENCODER]))).rejects.toSatisfy(
      (error: unknown) => error instanceof InsufficientDiskError && /full/.test(error.message),
    );
  });

  it('offline mode never touches the network', async () => {
    await expect(store({ offline: true }).download(entry())).rejects.toBeInstanceOf(OfflineError);
    expect(hub.requests).toHaveLength(0);
  });

  it('an override export with external data and no generation_config.json downloads whole and loads', async () => {
    const export_ = await cachedRandomFixture({
      family: 'nllb',
      dims: TINY_DIMS,
      seed: 3,
      precisions: ['quantized'],
      variant: { externalData: true, generationConfig: false },
    });
    await cp(export_, join(work, 'hub', 'fixtures', 'external-data'), { recursive: true });
    const medium = catalogFromEnvironment({ MEDIUM_MODEL: 'fixtures/external-data@main' }).find(
      (candidate) => candidate.tier === 'medium',
    );
    if (medium === undefined) throw new Error('no medium entry');
    const models = store();
    await models.download(medium);
    const directory = models.directoryOf(medium);
    for (const file of ['encoder_model_quantized.onnx_data', 'decoder_model_merged_quantized.onnx_data']) {
      expect(await readFile(join(directory, 'onnx', file))).toEqual(
        await readFile(join(export_, 'onnx', file)),
      );
    }
    expect(await models.isDownloaded(medium)).toBe(true);
    expect(await models.verify(medium)).toEqual({ ok: true, problems: [] });
    // A second download finds everything in place, the absent file included, and fetches nothing.
    const before = hub.requests.length;
    await models.download(medium);
    expect(hub.requests).toHaveLength(before);
    const model = await TranslationModel.load({
      modelDir: directory,
      precision: medium.precision,
      layout: medium.layout,
      threads: { intraOp: 1, interOp: 1 },
    });
    const [output] = await model.generate(
      [{ ids: [5, 60, 61, 2], target: 'fr', isCancelled: () => false }],
      { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 },
      8,
    );
    expect(output?.tokens).toHaveLength(8);
    await model.release();
  });
});
