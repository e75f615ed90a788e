import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HealthReport } from './health.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser } from '../../test-support/users.ts';

describe('health and metrics', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('/health reports each component and answers 200 when all are up', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const report = response.json<HealthReport>();
    expect(report.status).toBe('ok');
    expect(report.components.database?.status).toBe('up');
    expect(report.components.realtime?.status).toBe('up');
  });

  it('/health answers 503 naming the component that is down', async () => {
    await t.services.repository.close();
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    const report = response.json<HealthReport>();
    expect(report.status).toBe('degraded');
    expect(report.components.database).toMatchObject({ status: 'down' });
    expect(report.components.realtime?.status).toBe('up');
  });

  it('/metrics speaks the Prometheus text format and counts requests and messages', async () => {
    const user = await registerUser(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/conversations/global/messages',
      headers: user.auth,
      payload: { clientMessageId: randomUUID(), content: 'hello' },
    });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toMatch(
      /meeshy_http_requests_total\{method="POST",route="\/api\/auth\/register",status="201"\} 1/,
    );
    expect(text).toMatch(/meeshy_messages_stored_total\{transport="rest"\} 1/);
    expect(text).toContain('# TYPE meeshy_http_request_duration_seconds histogram');
    expect(text).toContain('meeshy_socket_connections 0');
  });
});
