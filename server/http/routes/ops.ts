import type { FastifyPluginCallback } from 'fastify';
import { checkHealth, type HealthCheck } from '../../ops/health.ts';
import { serveMetrics, type MetricsAccess } from '../../ops/metrics-access.ts';
import type { ServerMetrics } from '../../ops/metrics.ts';

export interface OpsRouteOptions {
  metrics: ServerMetrics;
  healthChecks: Record<string, HealthCheck>;
  metricsAccess: MetricsAccess;
}

export const opsRoutes: FastifyPluginCallback<OpsRouteOptions> = (
  app,
  { metrics, healthChecks, metricsAccess },
  done,
) => {
  app.get('/health', async (_request, reply) => {
    const report = await checkHealth(healthChecks);
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });

  if (metricsAccess.servedHere) serveMetrics(app, metrics, metricsAccess);
  done();
};
