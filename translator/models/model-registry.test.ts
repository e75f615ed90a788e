import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureCatalog, NLLB_REPO, startFixtureHub } from '../../test-support/fixture-hub.ts';
import { ModelRegistry, type ModelChange } from './model-registry.ts';
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

it('prepares a tier once when asked twice at the same time, and keeps the model warm', async () => {
  const registry = new ModelRegistry({
    catalog: fixtureCatalog(),
    store: new ModelStore({
      modelsDir: join(dataDir, 'models'),
      hubEndpoint: fixtureHub.hub.url,
      offline: false,
    }),
    threads: { intraOp: 1, interOp: 1 },
    defaultTier: 'medium',
    autoDownload: false,
  });
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
  expect(registry.state('medium')).toBe('ready');
  // No premium export is pinned: asking for it is refused at once, and says how to provide one.
  expect(() => registry.startPreparing('premium')).toThrow(/PREMIUM_MODEL=owner\/name@commit/);
  expect(registry.statuses().find((status) => status.tier === 'premium')).toMatchObject({
    state: 'absent',
    source: 'unpinned',
  });
  await registry.release();
});
