import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTranslationProto } from '../proto/load.ts';
import type { TranslateResponse__Output } from '../proto/generated/meeshy/translation/v1/TranslateResponse.ts';
import { launchProcess, parseReadyLine, type LaunchedProcess } from '../stack/process-launcher.ts';
import { NLLB_REPO, startFixtureHub } from '../test-support/fixture-hub.ts';

let fixtureHub: Awaited<ReturnType<typeof startFixtureHub>>;
let dataDir: string;
let translator: LaunchedProcess | undefined;

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  dataDir = await mkdtemp(join(tmpdir(), 'meeshy-main-'));
});

afterAll(async () => {
  await translator?.stop();
  await fixtureHub.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

it('`npm run serve:translator` downloads the default model from HF_ENDPOINT, says SERVING, and translates', async () => {
  // The same entry `npm run serve:translator` runs, started without npm so that the test owns the process itself.
  translator = launchProcess({
    name: 'translator',
    command: process.execPath,
    args: ['--import', 'tsx', 'translator/main.ts', '--port', '0', '--data-dir', dataDir],
    env: { HF_ENDPOINT: fixtureHub.hub.url, MEDIUM_MODEL: NLLB_REPO, MEESHY_TRANSLATOR_THREADS: '1' },
    // Not its ready line (the port is open) but the later moment the default model is loaded.
    readyPattern: /^SERVING on 127\.0\.0\.1:(\d+)/,
  });
  const port = Number(await translator.ready);
  const text = translator.output();
  // Its ready line, which the stack's supervisor waits for, came first: the port was open before the model.
  const lines = text.split('\n');
  expect(parseReadyLine('translator', lines.find((line) => line.startsWith('Meeshy ')) ?? '')).toBe(
    `127.0.0.1:${port}`,
  );
  expect(text).toMatch(/NOT_SERVING until the medium model \(fixtures\/nllb-lexicon\) is ready/);
  expect(text).toMatch(/medium fixtures\/nllb-lexicon: downloading/);
  expect(text.indexOf('medium fixtures/nllb-lexicon: ready')).toBeLessThan(text.indexOf('SERVING on'));
  // What it wrote into the data folder (the model's files, the tokenizer's tables) is the owner's alone.
  const written = (await readdir(dataDir, { recursive: true })).map((name) => join(dataDir, name));
  const files = (await Promise.all(written.map(async (path) => ({ path, stats: await stat(path) })))).filter(
    ({ stats }) => stats.isFile(),
  );
  expect(files.length).toBeGreaterThan(4);
  expect(files.filter(({ stats }) => (stats.mode & 0o077) !== 0).map(({ path }) => path)).toEqual([]);

  const proto = loadTranslationProto();
  const client = new proto.meeshy.translation.v1.Translator(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  const result = await new Promise<TranslateResponse__Output | undefined>((resolve, reject) => {
    client.translate(
      { text: 'thanks my friend', sourceLanguage: 'en', targetLanguage: 'fr' },
      (error, value) => {
        if (error) reject(error);
        else resolve(value);
      },
    );
  });
  client.close();
  expect(result?.translatedText).toBe('merci mon ami');
}, 60_000);
