import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';
import { buildClient, freePort } from '../test-support/e2e/client-server.ts';
import { startStack } from '../test-support/stack-process.ts';
import { SERVER_OWNER } from '../test-support/e2e/users.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * One real stack for the whole run: `npm run serve` (translator + chat server) with the lexicon fixture
 * models from a local hub, serving the freshly built client from the same origin.
 * MEESHY_E2E_SERVER_ROOT runs another checkout's stack.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = process.env['MEESHY_E2E_SERVER_ROOT'] ?? repoRoot;
  await buildClient();
  const hub = await startFixtureHub();
  const port = await freePort();
  const server = await startStack(root, port, {
    HF_ENDPOINT: hub.hub.url,
    MEDIUM_MODEL: NLLB_REPO,
    MEESHY_CLIENT_DIR: path.join(repoRoot, 'dist', 'renderer'),
    // The server-choice test reaches this server through another address: its pages keep this origin.
    MEESHY_ALLOWED_ORIGINS: `http://127.0.0.1:${port}`,
    // Join links are handed out on this address (a loopback server without one hands out meeshy:// links).
    MEESHY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Cheap password hashing and generous limits: the tests sign up many users quickly.
    MEESHY_SCRYPT_LOG_N: '10',
    MEESHY_AUTH_REQUESTS_PER_MINUTE: '10000',
    MEESHY_SENDS_PER_WINDOW: '10000',
    // Short-lived access tokens: every test then also runs across refreshes of the rotating token.
    MEESHY_ACCESS_TOKEN_TTL: '30',
  });
  // The first account owns the server (it alone manages models): registered before any test signs up.
  const owner = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...SERVER_OWNER, email: 'owner@example.test', displayName: 'Owner' }),
  });
  if (owner.status !== 201) throw new Error(`could not register the owner: ${await owner.text()}`);
  process.env['MEESHY_E2E_SERVER_URL'] = server.url;
  process.env['MEESHY_E2E_CLIENT_URL'] = server.url;
  return async () => {
    await server.stop();
    await hub.dispose();
  };
}
