import fs from 'node:fs';
import path from 'node:path';
import type { Registry } from 'prom-client';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dashboardQueries } from '../../test-support/grafana-dashboard.ts';
import { ServerMetrics } from '../../server/ops/metrics.ts';
import { TranslationMetrics } from '../../server/translation/translation-metrics.ts';
import { TranslatorMetrics } from '../../translator/ops/translator-metrics.ts';
import { PROD_TOPOLOGY } from '../orchestrator/topology.ts';

interface ScrapeConfig {
  scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
}

const here = import.meta.dirname;
const expressions = dashboardQueries().map((query) => query.expression);

/** Every metric the server and the translator really expose, as the registries name them (histograms' series too). */
async function exposedNames(): Promise<Set<string>> {
  const server = new ServerMetrics();
  new TranslationMetrics(server.registry, () => Promise.resolve(0));
  const translator = new TranslatorMetrics(() => 0);
  const names = new Set<string>();
  for (const registry of [server.registry, translator.registry] as Registry[]) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (metric.type.toString() === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

describe('monitoring', () => {
  it('the Grafana dashboard asks only for metrics the server and the translator expose', async () => {
    const exposed = await exposedNames();
    const asked = expressions.flatMap((expression) => expression.match(/\bmeeshy_\w+/g) ?? []);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('the dashboard covers messages, delivery latency, translation latency by tier, queue depth and errors', () => {
    const exprs = expressions.join('\n');
    for (const needed of [
      'meeshy_messages_stored_total',
      'meeshy_socket_event_duration_seconds_bucket{event="message:send"}',
      'by (le, tier) (rate(meeshy_translation_duration_seconds_bucket',
      'by (le, tier) (rate(meeshy_translator_translation_duration_seconds_bucket',
      'meeshy_translation_queue_depth',
      'meeshy_translator_queue_depth',
      'meeshy_translation_failures_total',
      'meeshy_translator_failures_total',
      'meeshy_http_requests_total{status=~"5.."}',
    ])
      expect(exprs).toContain(needed);
  });

  it('Prometheus scrapes both servers and the translator at their /metrics, on the network and on the host', () => {
    const translatorMetricsPort = /MEESHY_TRANSLATOR_METRICS_PORT=(\d+)/.exec(
      fs.readFileSync(path.join(here, '..', 'translator.Dockerfile'), 'utf8'),
    )?.[1];
    const backend = PROD_TOPOLOGY.services.backend;
    const frontend = PROD_TOPOLOGY.services.frontend;
    const translator = PROD_TOPOLOGY.services.translator;
    const expected = {
      'prometheus.yml': {
        'meeshy-server': [
          `${backend?.service}:${backend?.innerPort}`,
          `${frontend?.service}:${frontend?.innerPort}`,
        ],
        'meeshy-translator': [`${translator?.service}:${translatorMetricsPort}`],
      },
      'prometheus.host.yml': {
        'meeshy-server': [`127.0.0.1:${backend?.port}`, `127.0.0.1:${frontend?.port}`],
        'meeshy-translator': [`127.0.0.1:${translatorMetricsPort}`],
      },
    };
    for (const [file, jobs] of Object.entries(expected)) {
      const config = parse(fs.readFileSync(path.join(here, 'prometheus', file), 'utf8')) as ScrapeConfig;
      expect(
        Object.fromEntries(
          config.scrape_configs.map((job) => [job.job_name, job.static_configs.flatMap((s) => s.targets)]),
        ),
        file,
      ).toEqual(jobs);
      for (const job of config.scrape_configs) expect(job.metrics_path).toBe('/metrics');
    }
  });
});
