import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTranslationProto } from '../../proto/load.ts';
import type { TranslatorClient } from '../../proto/generated/meeshy/translation/v1/Translator.ts';
import type { TranslateRequest } from '../../proto/generated/meeshy/translation/v1/TranslateRequest.ts';
import { startFixtureHub } from '../../test-support/fixture-hub.ts';
import { startTestTranslator, type TestTranslator } from '../../test-support/test-translator.ts';
import { startMetricsListener, type MetricsListener } from './metrics-listener.ts';
import { TranslatorMetrics } from './translator-metrics.ts';

describe('the translator’s /metrics', () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let dataDir: string;
  let translator: TestTranslator;
  let listener: MetricsListener;
  let client: TranslatorClient;

  beforeAll(async () => {
    hub = await startFixtureHub();
    dataDir = await mkdtemp(join(tmpdir(), 'meeshy-metrics-'));
    // The queue's depth is read when scraped; the real one is the service's (translator/main.ts).
    const metrics = new TranslatorMetrics(() => 0);
    translator = await startTestTranslator({ dataDir, hubUrl: hub.hub.url, prepare: ['medium'], metrics });
    listener = await startMetricsListener({ registry: metrics.registry, host: '127.0.0.1', port: 0 });
    const proto = loadTranslationProto();
    client = new proto.meeshy.translation.v1.Translator(
      translator.address,
      grpc.credentials.createInsecure(),
    );
  }, 120_000);

  afterAll(async () => {
    client.close();
    await listener.close();
    await translator.close();
    await hub.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const translate = (request: TranslateRequest) =>
    new Promise<grpc.ServiceError | null>((resolve) => {
      client.Translate(request, (error) => {
        resolve(error);
      });
    });

  const scrape = async (path = '/metrics') => fetch(`http://127.0.0.1:${String(listener.port)}${path}`);

  it('counts translations by tier and cache, their latency by tier, and failures by status', async () => {
    const hello = { text: 'hello', sourceLanguage: 'en', targetLanguage: 'fr', modelTier: 'MEDIUM' } as const;
    expect(await translate(hello)).toBeNull();
    expect(await translate(hello)).toBeNull();
    expect(await translate({ ...hello, targetLanguage: 'xx-not-a-language' })).not.toBeNull();

    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('meeshy_translator_translations_total{tier="medium",cache="miss"} 1');
    expect(text).toContain('meeshy_translator_translations_total{tier="medium",cache="hit"} 1');
    expect(text).toContain('meeshy_translator_translation_duration_seconds_count{tier="medium"} 2');
    expect(text).toContain('meeshy_translator_failures_total{code="INVALID_ARGUMENT"} 1');
    expect(text).toContain('meeshy_translator_queue_depth 0');
    expect(text).toContain('meeshy_translator_process_cpu_seconds_total');
  }, 60_000);

  it('answers nothing but GET /metrics', async () => {
    expect((await scrape('/')).status).toBe(404);
    expect(
      (await fetch(`http://127.0.0.1:${String(listener.port)}/metrics`, { method: 'POST' })).status,
    ).toBe(404);
  });
});
