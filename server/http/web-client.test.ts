import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';

describe('the web client and cross-origin use', () => {
  let t: TestApp | undefined;
  let clientDir = '';
  afterEach(async () => {
    await t?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  const withClient = async (allowedOrigins: string[] = []) => {
    clientDir = makeTempDir('meeshy-client-');
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Meeshy</title>');
    fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("meeshy")');
    t = await createTestApp({ clientDir, allowedOrigins });
    return t;
  };

  it('serves the built client, its assets, and its page for client routes', async () => {
    const { app } = await withClient();
    const home = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<title>Meeshy</title>');
    const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const deepLink = await app.inject({ method: 'GET', url: '/chats/123', headers: { accept: 'text/html' } });
    expect(deepLink.body).toContain('<title>Meeshy</title>');
    // API paths never fall back to the page.
    const api = await app.inject({ method: 'GET', url: '/api/nope', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('without a built client, unknown paths are JSON 404s', async () => {
    clientDir = makeTempDir('meeshy-no-client-');
    t = await createTestApp({ clientDir });
    const response = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers CORS only for the allowed origins', async () => {
    const { app } = await withClient(['https://chat.example']);
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/auth/login',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('https://chat.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://chat.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
