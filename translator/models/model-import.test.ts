import { access, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRootNoPastExport } from '../../test-support/root-export.ts';
import { builtInCatalog } from './catalog.ts';
import { importModel, ModelImportError, withImportedModels } from './model-import.ts';
import { ModelRegistry } from './model-registry.ts';
import { ModelStore } from './model-store.ts';

let work: string;
let source: string;
let store: ModelStore;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'meeshy-import-'));
  source = join(work, 'nllb-1.3b-community');
  await writeRootNoPastExport(source);
  // The real hub offline: an import never needs it.
  store = new ModelStore({
    modelsDir: join(work, 'models'),
    hubEndpoint: 'http://127.0.0.1:9',
    offline: true,
  });
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('importing a model folder', () => {
  it('installs a root export without past into the premium tier, which the registry then loads and runs', async () => {
    const entry = await importModel(store, 'premium', source);
    expect(entry).toMatchObject({
      tier: 'premium',
      source: 'imported',
      repo: 'nllb-1.3b-community',
      family: 'nllb',
      precision: 'quantized',
      folder: 'root',
      layout: 'no-past',
    });
    expect(await store.isDownloaded(entry)).toBe(true);
    expect(await store.verify(entry)).toEqual({ ok: true, problems: [] });
    const catalog = await withImportedModels(builtInCatalog(), store);
    expect(catalog.find((candidate) => candidate.tier === 'premium')?.source).toBe('imported');
    expect(catalog.find((candidate) => candidate.tier === 'medium')?.source).toBe('hub');

    const registry = new ModelRegistry({
      catalog,
      store,
      threads: { intraOp: 1, interOp: 1 },
      defaultTier: 'medium',
      autoDownload: false,
    });
    await registry.start();
    expect(registry.state('premium')).toBe('ready');
    const model = registry.model('premium');
    expect(model?.layout).toBe('no-past');
    const [output] = (await model?.generate(
      [{ ids: [5, 60, 61, 2], target: 'fr', isCancelled: () => false }],
      { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1 },
      8,
    )) ?? [undefined];
    expect(output?.tokens).toHaveLength(8);
    await registry.release();
  });

  it.each([
    ['a missing tokenizer', 'tokenizer.json', (path: string) => rm(path), /missing tokenizer\.json/],
    [
      'a missing decoder',
      'decoder_model_quantized.onnx',
      (path: string) => rm(path),
      /missing decoder_model_quantized\.onnx/,
    ],
    [
      'a corrupt configuration',
      'config.json',
      (path: string) => writeFile(path, '{"model_type": '),
      /config\.json cannot be used/,
    ],
    [
      'a corrupt tokenizer',
      'tokenizer.json',
      (path: string) => writeFile(path, '{}'),
      /tokenizer\.json cannot be loaded/,
    ],
    [
      'a truncated encoder',
      'encoder_model_quantized.onnx',
      (path: string) => truncate(path, 5000),
      /encoder_model_quantized\.onnx is not a loadable ONNX model/,
    ],
  ] as const)('refuses %s, naming the file, and installs nothing', async (_case, file, damage, message) => {
    await damage(join(source, file));
    await expect(importModel(store, 'premium', source)).rejects.toSatisfy(
      (error: unknown) => error instanceof ModelImportError && message.test(error.message),
    );
    expect(await exists(store.importedDirectoryOf('premium'))).toBe(false);
    // No staging folder left behind either.
    expect(await readdir(join(work, 'models', 'imported')).catch(() => [])).toEqual([]);
  });

  it('a failed re-import keeps the previous model whole', async () => {
    const first = await importModel(store, 'premium', source);
    const config = await readFile(join(store.directoryOf(first), 'config.json'), 'utf8');
    await writeFile(join(source, 'tokenizer.json'), 'not json');
    await expect(importModel(store, 'premium', source)).rejects.toBeInstanceOf(ModelImportError);
    expect(await store.isDownloaded(first)).toBe(true);
    expect(await readFile(join(store.directoryOf(first), 'config.json'), 'utf8')).toBe(config);
  });
});
