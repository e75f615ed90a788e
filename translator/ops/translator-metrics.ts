import * as grpc from '@grpc/grpc-js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TextTranslation } from '../service/text-translator.ts';
import { toGrpcFailure } from '../grpc/status-mapping.ts';

/**
 * The translator's Prometheus metrics, in a registry of its own (several translators in one test process
 * never share counters): translations answered by tier and cache, their latency by tier as the caller
 * sees it, failures by gRPC status, and the requests waiting for a model.
 */
export class TranslatorMetrics {
  readonly registry = new Registry();

  readonly translations = new Counter({
    name: 'meeshy_translator_translations_total',
    help: 'Translations answered, by tier and whether the cache answered',
    labelNames: ['tier', 'cache'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'meeshy_translator_translation_duration_seconds',
    help: 'Time from a call’s arrival to its translation, by tier used',
    labelNames: ['tier'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
    registers: [this.registry],
  });

  readonly failures = new Counter({
    name: 'meeshy_translator_failures_total',
    help: 'Translations that failed, by gRPC status',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(waiting: () => number) {
    new Gauge({
      name: 'meeshy_translator_queue_depth',
      help: 'Sentences waiting for a model run',
      registers: [this.registry],
      collect() {
        this.set(waiting());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'meeshy_translator_' });
  }

  /** Starts timing a call: the returned functions record its translations and its failures. */
  startCall(): { translated(result: TextTranslation): void; failed(error: unknown): void } {
    const started = process.hrtime.bigint();
    return {
      translated: (result) => {
        this.translations.inc({ tier: result.tier, cache: result.fromCache ? 'hit' : 'miss' });
        this.latency.observe({ tier: result.tier }, Number(process.hrtime.bigint() - started) / 1e9);
      },
      failed: (error) => {
        this.failures.inc({ code: grpc.status[toGrpcFailure(error).code] });
      },
    };
  }
}
