import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackStatus } from '../contract/desktop-bridge.ts';
import { commandsBeside } from '../stack/child-commands.ts';
import { ensureAppBuilt } from '../test-support/built-app.ts';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';
import { translateOnceReady } from '../test-support/device-translation.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { DesktopStack } from './stack.ts';

const HELLO = { messageId: 'm1', text: 'hello my friend', sourceLanguage: 'en', targetLanguage: 'fr' };

describe("the desktop app's stack (no Electron needed), across server modes", () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let built: string;
  const dataDir = makeTempDir('meeshy-desktop-stack-');
  beforeAll(async () => {
    built = await ensureAppBuilt();
    hub = await startFixtureHub();
  }, 240_000);
  afterAll(async () => {
    await hub.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the translator alone for a remote server, the whole stack locally, and translates on the device in both', async () => {
    const statuses: StackStatus[] = [];
    const stack = new DesktopStack({
      dataDir,
      commands: commandsBeside(pathToFileURL(path.join(built, 'stack', 'serve.js')).href, {
        command: process.execPath,
        env: { HF_ENDPOINT: hub.hub.url, MEDIUM_MODEL: NLLB_REPO, MEESHY_SCRYPT_LOG_N: '10' },
      }),
      logFile: path.join(dataDir, 'main.log'),
      log: () => undefined,
    });
    stack.on('status', (status) => statuses.push(status));
    try {
      await expect(
        stack.translate({ messageId: 'm0', text: 'x', sourceLanguage: null, targetLanguage: 'fr' }),
      ).resolves.toEqual({
        ok: false,
        error: 'no translator runs on this device',
        reason: 'failed',
      });
      await expect(stack.deviceModel()).resolves.toBeNull();
      await expect(stack.downloadDeviceModel(true)).resolves.toMatchObject({ ok: false });
      await stack.start('translator');
      expect(stack.status).toEqual({ state: 'ready', url: '' });
      // Nothing downloads behind the user's back: the page offers the model, with its license.
      await expect(stack.translate(HELLO)).resolves.toMatchObject({ ok: false, reason: 'needs-model' });
      await expect(stack.downloadDeviceModel(false)).resolves.toMatchObject({ ok: false });
      await expect(stack.downloadDeviceModel(true)).resolves.toMatchObject({ ok: true });
      await expect(translateOnceReady((r) => stack.translate(r), HELLO)).resolves.toMatchObject({
        ok: true,
        text: 'bonjour mon ami',
      });

      await stack.start('full');
      expect(stack.status.state).toBe('ready');
      const url = stack.status.state === 'ready' ? stack.status.url : '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The server's channel to the translator connects in the background: healthy within seconds.
      let health: Response | undefined;
      await waitUntil(
        async () => {
          health = await fetch(`${url}/health`);
          return health.status === 200;
        },
        {
          what: "the server's /health to answer 200",
          timeoutMs: 30_000,
          intervalMs: 500,
          lastSeen: () => String(health?.status),
        },
      );
      await expect(translateOnceReady((r) => stack.translate(r), HELLO)).resolves.toMatchObject({
        ok: true,
        text: 'bonjour mon ami',
      });
      expect(statuses.filter((s) => s.state === 'ready')).toHaveLength(2);
    } finally {
      await stack.stop();
    }
    expect(stack.status).toEqual({ state: 'stopped' });
    await expect(
      stack.translate({ messageId: 'm2', text: 'x', sourceLanguage: null, targetLanguage: 'fr' }),
    ).resolves.toMatchObject({ ok: false });
  }, 240_000);
});
