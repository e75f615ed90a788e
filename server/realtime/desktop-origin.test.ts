import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_APP_ORIGIN } from '../../contract/desktop-app.ts';
import { connected, openSocket } from '../../test-support/sockets.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { registerUser, type TestUser } from '../../test-support/users.ts';

/**
 * The desktop app in remote mode: its page has the fixed origin `app://meeshy` and talks to a self-hosted
 * server elsewhere (here, a real server listening on its own loopback port, configured with no allowed origin).
 */
describe('a server allows the desktop app origin by default', () => {
  let server: TestApp;
  let ann: TestUser;

  beforeAll(async () => {
    server = await createTestApp({ allowedOrigins: [] });
    await server.listen();
    ann = await registerUser(server.app);
  });
  afterAll(async () => {
    await server.close();
  });

  const preflight = (origin: string) =>
    fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('answers the CORS preflight of the desktop origin, and not that of another site', async () => {
    const desktop = await preflight(DESKTOP_APP_ORIGIN);
    expect(desktop.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN);
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the desktop origin read an API answer', async () => {
    const response = await fetch(`${server.baseUrl}/health`, { headers: { origin: DESKTOP_APP_ORIGIN } });
    expect(response.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN);
  });

  it('accepts a socket from the desktop origin and refuses a look-alike', async () => {
    const open = (origin: string) =>
      connected(
        openSocket(server.baseUrl, ann.token, { transports: ['polling'], extraHeaders: { origin } }),
      ).then(
        (socket) => {
          socket.close();
          return 'connected';
        },
        () => 'refused',
      );
    expect(await open(DESKTOP_APP_ORIGIN)).toBe('connected');
    expect(await open('app://meeshy.evil.example')).toBe('refused');
    expect(await open('http://meeshy')).toBe('refused');
  });
});
