import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureCatalog, NLLB_REPO, startFixtureHub } from '../../test-support/fixture-hub.ts';
import { ModelRegistry, type ModelChange, type TierStatus } from './model-registry.ts';
import { ModelStore } from './model-store.ts';

let fixtureHub: Awaited<ReturnType<typeof startFixtureHub>>;
let dataDir: string;

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  dataDir = await mkdtemp(join(tmpdir(), 'meeshy-registry-'));
});

afterAll(async () => {
  await fixtureHub.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** A registry over the test's models folder, as the translator starts one (the default model not fetched). */
function registryOver(offline: boolean): { registry: ModelRegistry; store: ModelStore } {
  const store = new ModelStore({
    modelsDir: join(dataDir, 'models'),
    hubEndpoint: fixtureHub.hub.url,
    offline,
  });
  const registry = new ModelRegistry({
    catalog: fixtureCatalog(),
    store,
    threads: { intraOp: 1, interOp: 1 },
    defaultTier: 'medium',
    autoDownload: false,
  });
  return { registry, store };
}

it('prepares a tier once when asked twice at the same time, and keeps the model warm', async () => {
  const { registry } = registryOver(false);
  const changes: ModelChange[] = [];
  registry.on('change', (change) => changes.push(change));
  const [first, second] = await Promise.all([registry.prepare('medium'), registry.prepare('medium')]);
  expect(first).toBe(second);
  expect(await registry.prepare('medium')).toBe(first);
  const encoderFetches = fixtureHub.hub.requests.filter((line) =>
    line.startsWith(`GET /${NLLB_REPO}/resolve/main/onnx/encoder_model_quantized.onnx`),
  );
  expect(encoderFetches).toHaveLength(1);
  expect(changes.filter((change) => change.status.state === 'loading')).toHaveLength(1);
  // One "ready", with the size counted: the translator says SERVING on it.
  expect(changes.filter((change) => change.status.state === 'ready')).toHaveLength(1);
  expect(registry.state('medium')).toBe('ready');
  // The catalog does not know the fixture's sizes: the size shown is what was verified on disk.
  const { registry: restarted, store } = registryOver(true);
  const entry = registry.entry('medium');
  if (entry === undefined) throw new Error('the fixture catalog has no medium tier');
  const directory = store.directoryOf(entry);
  const manifest = JSON.parse(await readFile(join(directory, '.meeshy-manifest.json'), 'utf8')) as {
    files: Record<string, { size: number }>;
  };
  const verified = Object.values(manifest.files).reduce((sum, file) => sum + file.size, 0);
  expect(verified).toBeGreaterThan(1_000_000);
  const sizeOf = (statuses: TierStatus[]) => statuses.find((status) => status.tier === 'medium')?.sizeBytes;
  expect(sizeOf(registry.statuses())).toBe(verified);
  // No premium export is pinned: asking for it is refused at once, and says how to provide one.
  expect(() => registry.startPreparing('premium')).toThrow(/PREMIUM_MODEL=owner\/name@commit/);
  expect(registry.statuses().find((status) => status.tier === 'premium')).toMatchObject({
    state: 'absent',
    source: 'unpinned',
  });
  await registry.release();

  // Blockwise weights the engine laid out beside the model count in its size on disk from the next start.
  await writeFile(
    join(directory, 'onnx', 'decoder_model_merged_quantized.onnx.meeshy-steps-blocks.bin'),
    Buffer.alloc(4096),
  );
  await restarted.start();
  expect(restarted.state('medium')).toBe('ready');
  expect(sizeOf(restarted.statuses())).toBe(verified + 4096);
  await restarted.release();
});
