import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTranslationProto } from '../proto/load.ts';
import type { TranslateResponse__Output } from '../proto/generated/meeshy/translation/v1/TranslateResponse.ts';
import { NLLB_REPO, startFixtureHub } from './testing/fixture-hub.ts';

let fixtureHub: Awaited<ReturnType<typeof startFixtureHub>>;
let dataDir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  dataDir = await mkdtemp(join(tmpdir(), 'meeshy-main-'));
});

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await fixtureHub.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** Resolves with the port once the process prints SERVING; rejects if it exits first. */
function waitForServing(process: ChildProcess, output: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    process.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /SERVING on 127\.0\.0\.1:(\d+)/.exec(output.join(''));
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    process.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    process.once('exit', (code) => {
      reject(new Error(`translator exited with ${String(code)}:\n${output.join('')}`));
    });
  });
}

it('`npm run serve:translator` downloads the default model from HF_ENDPOINT, says SERVING, and translates', async () => {
  const output: string[] = [];
  // The same entry `npm run serve:translator` runs, started without npm so that the test owns the process itself.
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'translator/main.ts', '--port', '0', '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        HF_ENDPOINT: fixtureHub.hub.url,
        MEDIUM_MODEL: NLLB_REPO,
        MEESHY_TRANSLATOR_THREADS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await waitForServing(child, output);
  const text = output.join('');
  expect(text).toMatch(/NOT_SERVING until the medium model \(fixtures\/nllb-lexicon\) is ready/);
  expect(text).toMatch(/medium fixtures\/nllb-lexicon: downloading/);
  expect(text.indexOf('medium fixtures/nllb-lexicon: ready')).toBeLessThan(text.indexOf('SERVING on'));

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
