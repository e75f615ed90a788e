import { onParentGone } from '../settings/parent-link.ts';
import { RedisTranslationCache } from './cache/redis-translation-cache.ts';
import { MemoryTranslationCache, type TranslationCache } from './cache/translation-cache.ts';
import { resolveConfig } from './config.ts';
import { startTranslatorServer } from './grpc/translator-server.ts';
import { withImportedModels } from './models/model-import.ts';
import { ModelRegistry } from './models/model-registry.ts';
import { ModelStore } from './models/model-store.ts';
import { TextTranslator } from './service/text-translator.ts';
import { startMetricsListener } from './ops/metrics-listener.ts';
import { TranslatorMetrics } from './ops/translator-metrics.ts';

/** `npm run serve:translator -- --port <p> --data-dir <dir>`: the translation service alone, on 127.0.0.1. */
const config = resolveConfig(process.argv.slice(2), process.env);
// Every file this process creates in the data folder (models, their blockwise weights, the tokenizer's tables)
// is the owner's alone, as the server's are; the server's start would otherwise find them readable and fix it.
process.umask(0o077);
// Until its port is open there is nothing to close: a stop (signal, or the parent's death) just exits.
let stop: (reason: string) => void = (reason) => {
  console.log(`${reason}: exiting`);
  process.exit(0);
};
process.once('SIGINT', () => {
  stop('SIGINT');
});
process.once('SIGTERM', () => {
  stop('SIGTERM');
});
onParentGone((reason) => {
  stop(reason);
});
const store = new ModelStore({
  modelsDir: config.modelsDir,
  hubEndpoint: config.hubEndpoint,
  offline: config.offline,
  ...(config.hubToken === undefined ? {} : { hubToken: config.hubToken }),
});
const registry = new ModelRegistry({
  // A model the owner imported takes its tier's place (npm run models -- import <tier> <folder>).
  catalog: await withImportedModels(config.catalog, store),
  store,
  threads: config.threads,
  defaultTier: config.defaultTier,
  autoDownload: config.autoDownload && !config.offline,
});
async function openCache(url: string | undefined): Promise<TranslationCache> {
  if (url === undefined) return new MemoryTranslationCache();
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => {
      reject(new Error('no answer within 3 s'));
    }, 3000).unref();
  });
  try {
    const cache = await Promise.race([RedisTranslationCache.connect(url), timeout]);
    console.log(`translation cache: Redis at ${new URL(url).host}`);
    return cache;
  } catch (error) {
    console.log(
      `translation cache: Redis unreachable (${error instanceof Error ? error.message : String(error)}); using memory`,
    );
    return new MemoryTranslationCache();
  }
}

const service = new TextTranslator({
  registry,
  cache: await openCache(config.redisUrl),
  maxTextChars: config.maxTextChars,
  batching: { maxBatchSize: config.maxBatchSize, maxQueued: config.maxQueued, gatherMs: 5 },
  decoding: { numBeams: config.numBeams, noRepeatNgramSize: config.noRepeatNgramSize, lengthPenalty: 1 },
});
const metrics = new TranslatorMetrics(() => service.waiting);
const server = await startTranslatorServer({
  service,
  registry,
  host: config.host,
  port: config.port,
  metrics,
  ...(config.callToken === undefined ? {} : { callToken: config.callToken }),
});
if (config.callToken === undefined) {
  console.warn('MEESHY_TRANSLATOR_TOKEN is not set: any local process can call this translator');
}

const metricsListener = config.metrics
  ? await startMetricsListener({ registry: metrics.registry, ...config.metrics })
  : undefined;
if (metricsListener && config.metrics) {
  console.log(`metrics at http://${config.metrics.host}:${metricsListener.port}/metrics`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  await server.close();
  await metricsListener?.close();
  await registry.release();
  process.exit(0);
}
stop = (reason) => void shutdown(reason);

const defaultEntry = registry.entry(config.defaultTier);
// The ready line every Meeshy program prints (`Meeshy <service> ready at <address>`, read by
// stack/process-launcher.ts): the port is open; translations wait for the default model.
console.log(
  `Meeshy translator ready at ${config.host}:${server.port} (NOT_SERVING until the ${config.defaultTier} model ` +
    `(${defaultEntry?.repo ?? '?'}) is ready; data in ${config.dataDir})`,
);
let lastPercent = -1;
registry.on('change', ({ status, file }) => {
  if (status.state === 'downloading' && status.sizeBytes > 0) {
    const percent = Math.floor((100 * status.downloadedBytes) / status.sizeBytes);
    if (percent === lastPercent) return;
    lastPercent = percent;
    console.log(`${status.tier} ${status.repo}: downloading ${percent}% ${file}`);
    return;
  }
  console.log(`${status.tier} ${status.repo}: ${status.state}${status.error ? ` (${status.error})` : ''}`);
  if (status.tier === config.defaultTier && status.state === 'ready') {
    console.log(`SERVING on 127.0.0.1:${server.port}`);
  }
});
await registry.start();
if (registry.state(config.defaultTier) !== 'ready') {
  console.log(
    `the default model is ${registry.state(config.defaultTier)}; run \`npm run models -- download ${config.defaultTier}\`` +
      (config.offline ? ' (offline mode is on)' : ''),
  );
}
