import { join } from 'node:path';
import { MemoryTranslationCache } from '../translator/cache/translation-cache.ts';
import { startTranslatorServer, type RunningTranslatorServer } from '../translator/grpc/translator-server.ts';
import type { ModelTier } from '../contract/translations.ts';
import { ModelRegistry } from '../translator/models/model-registry.ts';
import { ModelStore } from '../translator/models/model-store.ts';
import { TextTranslator } from '../translator/service/text-translator.ts';
import type { TranslatorMetrics } from '../translator/ops/translator-metrics.ts';
import { fixtureCatalog } from './fixture-hub.ts';

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
    autoDownload: true,
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
