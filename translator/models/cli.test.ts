import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NLLB_REPO, startFixtureHub } from '../../test-support/fixture-hub.ts';

const run = promisify(execFile);
let fixtureHub: Awaited<ReturnType<typeof startFixtureHub>>;
let dataDir: string;

beforeAll(async () => {
  fixtureHub = await startFixtureHub();
  dataDir = await mkdtemp(join(tmpdir(), 'meeshy-models-cli-'));
});

afterAll(async () => {
  await fixtureHub.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the same entry as `npm run models -- <args>`, without npm in between. */
async function models(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'translator/models/cli.ts', ...args, '--data-dir', dataDir],
      { env: { ...process.env, HF_ENDPOINT: fixtureHub.hub.url, MEDIUM_MODEL: NLLB_REPO } },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}

it('lists, downloads, verifies (catching a corrupted file) and removes a tier from the terminal', async () => {
  expect((await models('list')).stdout).toMatch(/medium\s+fixtures\/nllb-lexicon@main\s+not downloaded/);

  const download = await models('download', 'medium');
  expect(download.code).toBe(0);
  expect(download.stdout).toContain('medium: fixtures/nllb-lexicon is downloaded and verified');
  expect((await models('list')).stdout).toMatch(/medium\s+fixtures\/nllb-lexicon@main\s+downloaded/);
  expect((await models('verify')).stdout).toContain('medium: ok');

  const encoder = join(
    dataDir,
    'models',
    'fixtures',
    'nllb-lexicon',
    'main',
    'onnx',
    'encoder_model_quantized.onnx',
  );
  const bytes = await readFile(encoder);
  bytes[10] = (bytes[10] ?? 0) ^ 0xff;
  await writeFile(encoder, bytes);
  const verify = await models('verify');
  expect(verify.code).toBe(1);
  expect(verify.stdout).toMatch(/medium: BROKEN\n\s+onnx\/encoder_model_quantized\.onnx: sha256/);

  expect((await models('remove', 'medium')).stdout).toContain('medium: removed');
  expect((await models('list')).stdout).toMatch(/medium\s+fixtures\/nllb-lexicon@main\s+not downloaded/);
}, 60_000);

it('a tier whose repository the hub does not have fails with the 404 in plain words', async () => {
  const result = await models('download', 'premium');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/download failed: not found on the model hub \(HTTP 404\)/);
}, 60_000);
