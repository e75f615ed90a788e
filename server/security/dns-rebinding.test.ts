import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

/** A raw HTTP request over loopback with a forged Host header, as a rebound browser page sends it. */
function request(
  baseUrl: string,
  options: { method: string; path: string; host: string; origin?: string; body?: unknown },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(options.path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      {
        method: options.method,
        headers: {
          host: options.host,
          ...(options.origin === undefined ? {} : { origin: options.origin }),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Engine.IO's opening request, as a browser page's socket sends it: 200 with a session id, or refused. */
async function handshake(baseUrl: string, host: string, origin?: string): Promise<string> {
  const response = await request(baseUrl, {
    method: 'GET',
    path: '/socket.io/?EIO=4&transport=polling',
    host,
    ...(origin === undefined ? {} : { origin }),
  });
  return response.status === 200 && response.body.includes('"sid"') ? 'connected' : 'refused';
}

describe('DNS rebinding (issue 12, item 1)', () => {
  let t: TestApp;
  let user: TestUser;
  let port = '';
  beforeAll(async () => {
    t = await createTestApp({ publicHostnames: ['chat.example.org'] });
    await t.listen();
    port = new URL(t.baseUrl).port;
    user = await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a rebound name gets 421 on registration and on the global room, with no CORS echo', async () => {
    const evil = `evil.example:${port}`;
    const register = await request(t.baseUrl, {
      method: 'POST',
      path: '/api/auth/register',
      host: evil,
      origin: `http://${evil}`,
      body: { username: 'rebound', email: 'rebound@example.test', password: 'correct horse battery' },
    });
    expect(register.status).toBe(421);
    expect(JSON.parse(register.body)).toMatchObject({ error: { code: 'MISDIRECTED_REQUEST' } });
    const read = await request(t.baseUrl, {
      method: 'GET',
      path: '/api/conversations',
      host: evil,
      origin: `http://${evil}`,
    });
    expect(read.status).toBe(421);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    // Nothing was created on the attacker's behalf.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'rebound', password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('loopback names, IP addresses and configured public hostnames are answered', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `chat.example.org`,
      `CHAT.example.org:443`,
    ]) {
      const health = await request(t.baseUrl, { method: 'GET', path: '/health', host });
      expect(health.status, host).toBe(200);
    }
  });

  it('the socket handshake is refused for a rebound name, and accepted for its own origin', async () => {
    const evil = `evil.example:${port}`;
    expect(await handshake(t.baseUrl, evil, `http://${evil}`)).toBe('refused');
    expect(await handshake(t.baseUrl, evil)).toBe('refused');
    const own = `localhost:${port}`;
    expect(await handshake(t.baseUrl, own, `http://${own}`)).toBe('connected');
    // The full client over a real socket still connects from loopback.
    const socket = await connectSocket(t.baseUrl, user.token);
    socket.close();
  });

  it('an Origin on a name outside the list is refused even when it matches the Host', async () => {
    // The old rule only compared Origin with Host; both forged together passed it.
    const evil = 'evil.example';
    const preflight = await request(t.baseUrl, {
      method: 'OPTIONS',
      path: '/api/auth/login',
      host: evil,
      origin: `http://${evil}`,
    });
    expect(preflight.status).toBe(421);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
