import fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { MemoryTranslationCache } from '../translator/cache/translation-cache.ts';
import { startTranslatorServer, type RunningTranslatorServer } from '../translator/grpc/translator-server.ts';
import type { ModelTier } from '../contract/translations.ts';
import { ModelRegistry } from '../translator/models/model-registry.ts';
import { ModelStore } from '../translator/models/model-store.ts';
import { TextTranslator } from '../translator/service/text-translator.ts';
import type { TranslatorMetrics } from '../translator/ops/translator-metrics.ts';
import { fixtureCatalog, startFixtureHub } from './fixture-hub.ts';
import { makeTempDir } from './temp-dir.ts';

export interface TestTranslator {
  port: number;
  address: string;
  registry: ModelRegistry;
  server: RunningTranslatorServer;
  close(): Promise<void>;
}

/**
 * The real translator (registry, engine, gRPC server) in this process, with the lexicon fixture models
 * fetched from a local hub into `dataDir`. Starting it again on the same port and folder is how tests
 * restart the translator: the models are already downloaded, so it only loads them.
 */
export async function startTestTranslator(options: {
  dataDir: string;
  hubUrl: string;
  port?: number;
  defaultTier?: ModelTier;
  /** Tiers downloaded and loaded before the service starts (default: basic and medium). */
  prepare?: ModelTier[];
  /** Whether starting fetches and loads the default tier when it is missing (default: true, as the app does). */
  autoDownload?: boolean;
  /** The per-launch token calls must present (none: open, as most tests need). */
  callToken?: string;
  /** Where the translator counts its translations (its /metrics). */
  metrics?: TranslatorMetrics;
}): Promise<TestTranslator> {
  const store = new ModelStore({
    modelsDir: join(options.dataDir, 'models'),
    hubEndpoint: options.hubUrl,
    offline: false,
  });
  const registry = new ModelRegistry({
    catalog: fixtureCatalog(),
    store,
    threads: { intraOp: 1, interOp: 1 },
    defaultTier: options.defaultTier ?? 'medium',
    autoDownload: options.autoDownload ?? true,
  });
  await registry.start();
  for (const tier of options.prepare ?? ['basic', 'medium']) await registry.prepare(tier);
  const service = new TextTranslator({
    registry,
    cache: new MemoryTranslationCache(),
    maxTextChars: 10_000,
    batching: { maxBatchSize: 8, maxQueued: 256, gatherMs: 2 },
  });
  const server = await startTranslatorServer({
    service,
    registry,
    port: options.port ?? 0,
    ...(options.callToken === undefined ? {} : { callToken: options.callToken }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  return {
    port: server.port,
    address: `127.0.0.1:${server.port}`,
    registry,
    server,
    close: async () => {
      await server.close();
      await registry.release();
    },
  };
}

export interface SuiteTranslator {
  /** The local model hub, for suites that start more translators of their own. */
  readonly hub: Awaited<ReturnType<typeof startFixtureHub>>;
  readonly translator: TestTranslator;
}

/**
 * In a suite (or a file): one fixture hub and one translator fed from it, started before the tests and
 * stopped after them, in a temporary folder removed then.
 */
export function useSuiteTranslator(prepare?: ModelTier[]): SuiteTranslator {
  let hub: SuiteTranslator['hub'] | undefined;
  let translator: TestTranslator | undefined;
  let dataDir = '';
  beforeAll(async () => {
    hub = await startFixtureHub();
    dataDir = makeTempDir('meeshy-translator-');
    translator = await startTestTranslator({ dataDir, hubUrl: hub.hub.url, ...(prepare ? { prepare } : {}) });
  }, 120_000);
  afterAll(async () => {
    await translator?.close();
    await hub?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite translator is started in beforeAll');
    return value;
  };
  return {
    get hub() {
      return started(hub);
    },
    get translator() {
      return started(translator);
    },
  };
}
