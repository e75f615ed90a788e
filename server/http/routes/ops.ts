import type { FastifyPluginCallback } from 'fastify';
import { checkHealth, type HealthCheck } from '../../ops/health.ts';
import type { ServerMetrics } from '../../ops/metrics.ts';

export interface OpsRouteOptions {
  metrics: ServerMetrics;
  healthChecks: Record<string, HealthCheck>;
}

export const opsRoutes: FastifyPluginCallback<OpsRouteOptions> = (app, { metrics, healthChecks }, done) => {
  app.get('/health', async (_request, reply) => {
    const report = await checkHealth(healthChecks);
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
  done();
};
