import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../server/ops/health.ts';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';
import { makeTempDir } from '../test-support/temp-dir.ts';
import { translatedMessage } from '../test-support/translated-message.ts';
import { launchProcess } from './process-launcher.ts';

const SERVE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');

describe('npm run serve', () => {
  let hub: Awaited<ReturnType<typeof startFixtureHub>>;
  let dataDir: string;
  beforeAll(async () => {
    hub = await startFixtureHub();
    dataDir = makeTempDir('meeshy-serve-');
  });
  afterAll(async () => {
    await hub.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts translator and server together, downloads the default model with --download, translates, stops on SIGTERM', async () => {
    const stack = launchProcess({
      name: 'stack',
      command: process.execPath,
      args: ['--import', 'tsx', SERVE, '--port', '0', '--data-dir', dataDir, '--download'],
      env: {
        HF_ENDPOINT: hub.hub.url,
        MEDIUM_MODEL: NLLB_REPO,
        MEESHY_LOG_LEVEL: 'warn',
        MEESHY_SCRYPT_LOG_N: '10',
      },
      readyTimeoutMs: 60_000,
    });
    try {
      const url = (await stack.ready) ?? '';
      const translated = await translatedMessage(url, 'hello my friend');
      expect(translated).toBe('bonjour mon ami');
      // The download showed its progress in the log, and the translator reports itself in /health.
      expect(stack.output()).toMatch(/\[translator\] medium fixtures\/nllb-lexicon: downloading \d+%/);
      const health = await fetch(`${url}/health`);
      expect((await health.json()) as HealthReport).toMatchObject({
        status: 'ok',
        components: { translator: { status: 'up', detail: 'serving' } },
      });
      expect(fs.existsSync(path.join(dataDir, 'models'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'db', 'meeshy.sqlite'))).toBe(true);
      stack.kill('SIGTERM');
      expect((await stack.exited).code).toBe(0);
    } finally {
      stack.kill('SIGKILL');
    }
  });
});
