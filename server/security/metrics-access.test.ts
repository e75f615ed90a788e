import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../stack/free-port.ts';
import { rawRequest } from '../../test-support/raw-http.ts';
import { startServerProcess, type ServerProcess } from '../../test-support/server-process.ts';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import type { AppOptions } from '../app.ts';

const metricsAt = (url: string, headers: Record<string, string> = {}) =>
  rawRequest(url, { method: 'GET', path: '/metrics', headers });

describe('/metrics on a self-hosted server (issue 12, found by reading)', () => {
  let t: TestApp | undefined;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await t?.close();
    await server?.stop();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    t = undefined;
    server = undefined;
    dataDir = undefined;
  });
  const start = async (overrides: Partial<AppOptions>) => {
    t = await createTestApp(overrides);
    return t.listen();
  };

  it('without a token, a local client reads them and a client from elsewhere does not', async () => {
    const url = await start({ trustProxy: ['loopback'] });
    const local = await metricsAt(url);
    expect(local.status).toBe(200);
    expect(local.body).toContain('meeshy_http_requests_total');
    // The same request relayed by a reverse proxy for a client out on the network.
    const remote = await metricsAt(url, { 'x-forwarded-for': '203.0.113.5' });
    expect(remote.status).toBe(403);
    expect(remote.body).not.toContain('meeshy_');
    expect(remote.body).toContain('MEESHY_METRICS_TOKEN');
  });

  it('with a token, only a request bearing it is answered, wherever it comes from', async () => {
    const url = await start({
      trustProxy: ['loopback'],
      metricsAccess: { servedHere: true, token: 'scrape-token-0123456789' },
    });
    expect((await metricsAt(url)).status).toBe(401);
    expect((await metricsAt(url, { authorization: 'Bearer scrape-token-012345678X' })).status).toBe(401);
    expect((await metricsAt(url, { authorization: 'scrape-token-0123456789' })).status).toBe(401);
    const scraper = await metricsAt(url, {
      authorization: 'Bearer scrape-token-0123456789',
      'x-forwarded-for': '203.0.113.5',
    });
    expect(scraper.status).toBe(200);
    expect(scraper.body).toContain('meeshy_http_requests_total');
  });

  it('MEESHY_METRICS_PORT moves them off the public port onto a loopback listener of their own', async () => {
    dataDir = makeTempDir();
    const metricsPort = await freeLoopbackPort();
    server = await startServerProcess(dataDir, [], {
      MEESHY_METRICS_PORT: String(metricsPort),
      MEESHY_METRICS_TOKEN: 'scrape-token-0123456789',
    });
    expect((await metricsAt(server.url)).status).toBe(404);
    const alone = `http://127.0.0.1:${metricsPort}`;
    expect((await metricsAt(alone)).status).toBe(401);
    const scraped = await metricsAt(alone, { authorization: 'Bearer scrape-token-0123456789' });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('meeshy_http_requests_total');
  });
});
