import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ModelTier } from '../../contract/translations.ts';

/** Translation metrics: latency by tier, queue depth, cache hits, failures. */
export class TranslationMetrics {
  readonly latency: Histogram<'tier'>;
  readonly cacheHits: Counter<'tier'>;
  readonly failures: Counter<'code'>;

  constructor(registry: Registry, queueDepth: () => Promise<number>) {
    this.latency = new Histogram({
      name: 'meeshy_translation_duration_seconds',
      help: 'Time for the translator to answer one translation, by tier used',
      labelNames: ['tier'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
      registers: [registry],
    });
    this.cacheHits = new Counter({
      name: 'meeshy_translation_cache_hits_total',
      help: 'Translations the translator answered from its cache, by tier',
      labelNames: ['tier'] as const,
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'meeshy_translation_failures_total',
      help: 'Translations given up for good, by reason',
      labelNames: ['code'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'meeshy_translation_queue_depth',
      help: 'Translation jobs waiting or in progress',
      registers: [registry],
      async collect() {
        this.set(await queueDepth());
      },
    });
  }

  /** Starts timing a call; the stop function takes the tier that answered. */
  startLatencyTimer(): (tier: ModelTier) => void {
    const started = process.hrtime.bigint();
    return (tier) => {
      this.latency.observe({ tier }, Number(process.hrtime.bigint() - started) / 1e9);
    };
  }
}
