import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';

/** Sends the path exactly as written: no client-side normalisation of `..` or `%2e`. */
function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { hostname, port, path: rawPath, method: 'GET', headers: { accept: 'text/html' } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('path traversal against the served client (issue 12, item 9)', () => {
  let t: TestApp;
  let clientDir = '';
  const logLines: string[] = [];
  beforeAll(async () => {
    clientDir = makeTempDir('meeshy-client-');
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Meeshy</title>');
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    });
    t = await createTestApp({ clientDir, logger: { level: 'info', stream: logStream } });
    await t.listen();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it.each([
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/assets/..%2f..%2f..%2fetc/passwd',
    '/..%5c..%5cetc%5cpasswd',
    '/%00',
    '/%c0%ae%c0%ae/etc/passwd',
  ])('%s gets a 4xx (or the client page), leaks nothing, and logs no error', async (rawPath) => {
    logLines.length = 0;
    const response = await rawGet(t.baseUrl, rawPath);
    expect(response.status).toBeLessThan(500);
    if (response.status < 400) expect(response.body).toContain('<title>Meeshy</title>');
    expect(response.body).not.toContain('root:');
    expect(response.body).not.toContain('INTERNAL');
    const errors = logLines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});
