import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';

describe('security headers on the served client (issue 12, item 6)', () => {
  let t: TestApp;
  let clientDir = '';
  beforeAll(async () => {
    clientDir = makeTempDir('meeshy-client-');
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Meeshy</title>');
    t = await createTestApp({ clientDir, allowedOrigins: ['https://chat.example'] });
    await t.listen();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it('the page, a client route and an API answer carry a strict CSP, nosniff and a referrer policy', async () => {
    for (const [url, accept] of [
      ['/', 'text/html'],
      ['/chats/123', 'text/html'],
      ['/api/conversations', 'application/json'],
    ] as const) {
      const response = await fetch(`${t.baseUrl}${url}`, { headers: { accept } });
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/connect-src 'self' https:\/\/chat\.example wss:\/\/chat\.example https: wss: /);
      // Plain http and ws only to this machine.
      expect(csp).not.toMatch(/ http: | ws: /);
      expect(csp).toContain('ws://127.0.0.1:*');
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
