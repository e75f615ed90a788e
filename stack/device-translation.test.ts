import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuilt } from '../test-support/built-app.ts';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';
import { translateOnceReady } from '../test-support/device-translation.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { commandsBeside } from './child-commands.ts';
import { DeviceTranslator } from './device-translation.ts';
import { freeLoopbackPort } from './free-port.ts';
import { startLocalTranslator } from './local-stack.ts';

describe("translation on this device for a remote server (the desktop app's remote mode)", () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let built: string;
  const dirs: string[] = [];
  beforeAll(async () => {
    built = await ensureAppBuilt();
    hub = await startFixtureHub();
  }, 240_000);
  afterAll(async () => {
    await hub.dispose();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the compiled translator alone, translates with the launch token, and refuses a caller without it', async () => {
    const dataDir = makeTempDir('meeshy-remote-mode-');
    dirs.push(dataDir);
    const commands = commandsBeside(pathToFileURL(path.join(built, 'stack', 'serve.js')).href, {
      command: process.execPath,
      env: { HF_ENDPOINT: hub.hub.url, MEDIUM_MODEL: NLLB_REPO },
    });
    const lines: string[] = [];
    const stack = await startLocalTranslator(
      {
        port: await freeLoopbackPort(),
        host: '127.0.0.1',
        dataDir,
        translatorPort: undefined,
        // As the desktop app starts it: the model downloads only once the user asked for it.
        download: false,
        offline: false,
        logLevel: 'warn',
      },
      { commands, log: (source, line) => lines.push(`[${source}] ${line}`) },
    );
    const device = new DeviceTranslator(stack.translatorAddress, stack.translatorToken);
    const stranger = new DeviceTranslator(stack.translatorAddress, 'not-the-token');
    try {
      // No chat server runs in this mode: only the translator was started.
      expect(lines.some((line) => line.startsWith('[server]'))).toBe(false);
      const request = {
        messageId: 'm1',
        text: 'hello my friend',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
      };
      await expect(device.translate(request)).resolves.toMatchObject({ ok: false, reason: 'needs-model' });
      // A fixture pinned by override has an unknown license, so it asks for consent like NLLB's.
      await expect(device.defaultModel()).resolves.toMatchObject({
        tier: 'medium',
        repo: NLLB_REPO,
        state: 'absent',
        requiresConsent: true,
      });
      const refused = await device.downloadDefaultModel(false);
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error).toMatch(/license .* must be accepted/);
      await expect(device.defaultModel()).resolves.toMatchObject({ state: 'absent' });
      await expect(stranger.downloadDefaultModel(true)).resolves.toMatchObject({ ok: false });
      await expect(stranger.defaultModel()).resolves.toBeNull();
      const accepted = await device.downloadDefaultModel(true);
      expect(accepted, JSON.stringify(accepted)).toMatchObject({
        ok: true,
        model: { tier: 'medium', state: 'downloading' },
      });
      // From the answer on, the model is on its way: a translation waits ("busy"), it is not missing.
      const meanwhile = await device.translate(request);
      expect(meanwhile.ok || meanwhile.reason === 'busy', JSON.stringify(meanwhile)).toBe(true);

      const first = await translateOnceReady((r) => device.translate(r), request);
      expect(first, JSON.stringify(first)).toMatchObject({
        ok: true,
        text: 'bonjour mon ami',
        sourceLanguage: 'en',
        tier: 'medium',
      });
      await expect(
        device.translate({
          ...request,
          sourceLanguage: null,
          text: 'le chat boit eau',
          targetLanguage: 'en',
        }),
      ).resolves.toMatchObject({
        ok: true,
        text: 'the cat drinks water',
        sourceLanguage: 'fr',
      });
      // Neither a refused caller nor an unknown language gets better by asking again.
      await expect(stranger.translate(request)).resolves.toMatchObject({ ok: false, reason: 'failed' });
      await expect(device.translate({ ...request, targetLanguage: 'xx' })).resolves.toMatchObject({
        ok: false,
        reason: 'failed',
      });
    } finally {
      device.close();
      stranger.close();
      await stack.stop();
    }
    const closed = new DeviceTranslator(stack.translatorAddress, stack.translatorToken);
    await expect(
      closed.translate({ messageId: 'm2', text: 'hello', sourceLanguage: 'en', targetLanguage: 'fr' }),
    ).resolves.toMatchObject({ ok: false, reason: 'busy' });
    closed.close();
  }, 180_000);
});
