import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NLLB_REPO, startFixtureHub } from '../../test-support/fixture-hub.ts';
import { writeRootNoPastExport } from '../../test-support/root-export.ts';

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
  return modelsWith({}, ...args);
}

async function modelsWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'translator/models/cli.ts', ...args, '--data-dir', dataDir],
      { env: { ...process.env, HF_ENDPOINT: fixtureHub.hub.url, MEDIUM_MODEL: NLLB_REPO, ...env } },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
}

it('lists, downloads, verifies (catching a corrupted file) and removes a tier from the terminal', async () => {
  expect((await models('list')).stdout).toMatch(
    /medium\s+fixtures\/nllb-lexicon@main \(onnx\/merged\)\s+not downloaded/,
  );

  const download = await models('download', 'medium');
  expect(download.code).toBe(0);
  expect(download.stdout).toContain('medium: fixtures/nllb-lexicon is downloaded and verified');
  expect((await models('list')).stdout).toMatch(
    /medium\s+fixtures\/nllb-lexicon@main \(onnx\/merged\)\s+downloaded/,
  );
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
  expect((await models('list')).stdout).toMatch(
    /medium\s+fixtures\/nllb-lexicon@main \(onnx\/merged\)\s+not downloaded/,
  );
}, 60_000);

it('a tier whose repository the hub does not have fails with the 404 in plain words', async () => {
  const result = await modelsWith({ PREMIUM_MODEL: 'nobody/no-such-export@main' }, 'download', 'premium');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/download failed: not found on the model hub \(HTTP 404\)/);
}, 60_000);

it('an unpinned tier says how to provide a model, and import installs one from a folder', async () => {
  expect((await models('list')).stdout).toMatch(
    /premium\s+\(no export pinned\)\s+set PREMIUM_MODEL=owner\/name@commit or run: npm run models -- import premium <folder>/,
  );
  const refused = await models('download', 'premium');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('no premium export is pinned');

  const folder = join(dataDir, 'community-export');
  await writeRootNoPastExport(folder);
  const missing = await models('import', 'premium', join(dataDir, 'nowhere'));
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/import failed: .*nowhere is not a folder/);
  const imported = await models('import', 'premium', folder);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('premium: imported community-export (nllb, quantized, root/no-past)');
  expect((await models('list')).stdout).toMatch(
    /premium\s+community-export \(imported, root\/no-past\)\s+installed/,
  );
  expect((await models('verify')).stdout).toContain('premium: ok');
}, 60_000);
