import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient, freePort, serveClient } from './support/clientServer.ts';
import { startServer } from './support/serverProcess.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * One real stack for the whole run: the chat server (MEESHY_E2E_SERVER_ROOT picks another checkout's
 * server, e.g. while the server lives on another branch) and the built client in front of it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = process.env['MEESHY_E2E_SERVER_ROOT'] ?? repoRoot;
  const clientPort = await freePort();
  const clientOrigin = `http://127.0.0.1:${clientPort}`;
  const server = await startServer(root, {
    // The remote-server test points the client (served from this origin) at another address.
    MEESHY_ALLOWED_ORIGINS: clientOrigin,
    // Cheap password hashing and generous limits: the tests sign up many users quickly.
    MEESHY_SCRYPT_LOG_N: '10',
    MEESHY_AUTH_REQUESTS_PER_MINUTE: '10000',
    MEESHY_SENDS_PER_WINDOW: '10000',
    // Short-lived access tokens: every test then also runs across refreshes of the rotating token.
    MEESHY_ACCESS_TOKEN_TTL: '30',
  });
  await buildClient();
  const client = await serveClient(server.url, clientPort);
  process.env['MEESHY_E2E_SERVER_URL'] = server.url;
  process.env['MEESHY_E2E_CLIENT_URL'] = client.url;
  return async () => {
    await client.close();
    await server.stop();
  };
}
