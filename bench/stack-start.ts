import fs from 'node:fs';
import { mkdtemp, rm, symlink, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchProcess, type LaunchedProcess } from '../stack/process-launcher.ts';
import { translatedMessage } from '../test-support/translated-message.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { startHubServer } from '../tools/hub/hub-server.ts';
import { report, type Verdict } from './report.ts';
import { benchModel, warmPageCache } from './translator/run-sides.ts';
import { median } from './translator/side-plan.ts';

/**
 * `npm run bench:start [-- --quick] [-- --built]`: launching the local stack (`stack/serve.ts`: translator and
 * chat server; `--built`: `npm run build:app`'s compiled stack under plain Node, as the desktop app runs it)
 * with the default model already on disk (warm), from the launch to
 * - the server ready (its URL printed),
 * - the first screen served (`GET /` answering the client's HTML),
 * - the model loaded (the translator's `SERVING` line),
 * - the first message translated (two users registered, one message sent, its translation read back).
 * Its peer is the same launch with no model on disk: what the server costs alone, which the model must not delay.
 * The model is the NLLB-600M-sized q8 fixture (`--quick`: a tiny one), offered to the stack by a local hub and
 * fetched once, unmeasured, before the measured launches. `--launches N` (default 3, 1 with `--quick`) launches
 * each N times, alternately, and reports each stage's median: on the project's machine one launch's model load
 * ranged from 2.75 to 9.24 s between runs of the same code, so a single launch says little.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');
const REPO = 'fixtures/nllb-bench';

export interface StartTimes {
  readyMs: number;
  firstScreenMs: number;
  /** Null when no model was on disk (the peer). */
  modelLoadedMs: number | null;
  firstTranslationMs: number | null;
  /** Whether `GET /` served the built client (dist/renderer) or the bench's stand-in page. */
  client: 'built' | 'stand-in';
}

export interface StartBenchResult {
  /** Each stage's median over the launches. */
  withModel: StartTimes;
  withoutModel: StartTimes;
  /** Every launch, in the order run. */
  launches: { withModel: StartTimes[]; withoutModel: StartTimes[] };
  verdicts: Verdict[];
}

/** Each stage's median over launches of the same kind (null stays null: no model was loaded). */
function medianTimes(launches: StartTimes[]): StartTimes {
  const of = (pick: (times: StartTimes) => number | null): number | null => {
    const values = launches.map(pick).filter((value) => value !== null);
    return values.length === 0 ? null : median(values);
  };
  return {
    readyMs: of((times) => times.readyMs) ?? Number.NaN,
    firstScreenMs: of((times) => times.firstScreenMs) ?? Number.NaN,
    modelLoadedMs: of((times) => times.modelLoadedMs),
    firstTranslationMs: of((times) => times.firstTranslationMs),
    client: launches[0]?.client ?? 'stand-in',
  };
}

function elapsedSince(start: number): number {
  return performance.now() - start;
}

/** `npm run build:app`'s launcher, which the desktop app's children come from. */
const BUILT_SERVE = path.join(ROOT, 'dist', 'app', 'stack', 'serve.js');

/** How the stack is launched: from the sources under tsx, or compiled under plain Node as the app runs it. */
export type LaunchForm = 'tsx' | 'built';

function launchStack(
  form: LaunchForm,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  extraArgs: string[] = [],
): LaunchedProcess {
  const entry = form === 'built' ? [BUILT_SERVE] : ['--import', 'tsx', path.join(ROOT, 'stack', 'serve.ts')];
  return launchProcess({
    name: 'stack',
    command: process.execPath,
    args: [...entry, '--port', '0', '--data-dir', dataDir, ...extraArgs],
    env,
    cwd: ROOT,
    readyTimeoutMs: 180_000,
  });
}

/** One measured launch; `expectModel` waits for the model and translates once. */
async function measureLaunch(
  form: LaunchForm,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  expectModel: boolean,
  client: StartTimes['client'],
): Promise<StartTimes> {
  const start = performance.now();
  const stack = launchStack(form, dataDir, env);
  try {
    const modelLoaded = expectModel
      ? waitUntil(
          () => (/\[translator\] SERVING on/.test(stack.output()) ? elapsedSince(start) : undefined),
          { what: 'the model load', timeoutMs: 180_000, intervalMs: 10 },
        )
      : Promise.resolve(null);
    const url = (await stack.ready) ?? '';
    const readyMs = elapsedSince(start);
    const firstScreenMs = await waitUntil(
      async () => {
        // A refused connection is only "not yet", like an answer without the page.
        const response = await fetch(`${url}/`, { headers: { accept: 'text/html' } }).catch(() => undefined);
        const body = (await response?.text()) ?? '';
        return response?.ok === true && body.includes('<html') ? elapsedSince(start) : undefined;
      },
      { what: 'the first screen', timeoutMs: 60_000, intervalMs: 10 },
    );
    const modelLoadedMs = await modelLoaded;
    let firstTranslationMs: number | null = null;
    if (expectModel) {
      await translatedMessage(url, 'hello my friend', { pollMs: 10, timeoutMs: 180_000 });
      firstTranslationMs = elapsedSince(start);
    }
    return { readyMs, firstScreenMs, modelLoadedMs, firstTranslationMs, client };
  } finally {
    await stack.stop();
  }
}

export async function runStartBench(
  quick: boolean,
  form: LaunchForm = 'tsx',
  launches = quick ? 1 : 3,
): Promise<StartBenchResult> {
  if (!Number.isInteger(launches) || launches < 1)
    throw new Error(`--launches takes a count of 1 or more, not ${launches}`);
  if (form === 'built' && !fs.existsSync(BUILT_SERVE))
    throw new Error(`no built stack at ${BUILT_SERVE}: run \`npm run build:app\` first`);
  const modelDir = await benchModel(quick);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'meeshy-bench-start-'));
  const hubRoot = path.join(scratch, 'hub');
  await mkdir(path.join(hubRoot, path.dirname(REPO)), { recursive: true });
  await symlink(modelDir, path.join(hubRoot, REPO));
  const hub = await startHubServer({ root: hubRoot });
  try {
    // The built client when there is one; otherwise a stand-in page, so the first screen is measured either way.
    const built = path.join(ROOT, 'dist', 'renderer');
    let clientDir = built;
    let client: StartTimes['client'] = 'built';
    if (!fs.existsSync(path.join(built, 'index.html'))) {
      clientDir = path.join(scratch, 'client');
      await mkdir(clientDir);
      await writeFile(
        path.join(clientDir, 'index.html'),
        '<!doctype html><html><body>Meeshy</body></html>\n',
      );
      client = 'stand-in';
    }
    const env = {
      HF_ENDPOINT: hub.url,
      MEDIUM_MODEL: REPO,
      MEESHY_LOG_LEVEL: 'warn',
      MEESHY_SCRYPT_LOG_N: '10',
      MEESHY_CLIENT_DIR: clientDir,
    };
    const dataDir = path.join(scratch, 'with-model');
    // Fetches the model into the data folder, unmeasured: the measured launch finds it on disk.
    const priming = launchStack(form, dataDir, env, ['--download']);
    try {
      await priming.ready;
      await waitUntil(() => /\[translator\] SERVING on/.test(priming.output()), {
        what: 'the model download',
        timeoutMs: 600_000,
        intervalMs: 10,
      });
    } finally {
      await priming.stop();
    }
    // The files the launch reads are the stack's own copy, fetched into its data folder: those are warmed (the
    // fixture's were, before, and the first launch then read its copy from the disk: 3.8-4.0 s where the next one
    // took 2.3-2.6 s).
    await warmPageCache(path.join(dataDir, 'models', ...REPO.split('/'), 'main'));
    const runs: StartBenchResult['launches'] = { withModel: [], withoutModel: [] };
    // Alternately, so a slow spell of the machine weighs on both kinds alike.
    for (let launch = 0; launch < launches; launch += 1) {
      runs.withModel.push(await measureLaunch(form, dataDir, env, true, client));
      runs.withoutModel.push(
        await measureLaunch(form, path.join(scratch, 'without-model'), env, false, client),
      );
    }
    const withModel = medianTimes(runs.withModel);
    const withoutModel = medianTimes(runs.withoutModel);
    const loaded = withModel.modelLoadedMs ?? Infinity;
    const modelLoads = runs.withModel.map((times) => times.modelLoadedMs ?? Infinity);
    const over =
      launches > 1
        ? `, median of ${launches} launches: ${modelLoads.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`
        : '';
    const verdicts: Verdict[] = [
      {
        name: 'first screen served before the model is loaded',
        measured: `screen at ${(withModel.firstScreenMs / 1000).toFixed(2)} s, model at ${(loaded / 1000).toFixed(2)} s`,
        goal: 'screen first',
        // In every launch, not only in the medians.
        met: runs.withModel.every((times) => times.firstScreenMs < (times.modelLoadedMs ?? Infinity)),
      },
      {
        name: 'launch to ready server with the model loaded',
        measured: `${(Math.max(withModel.readyMs, loaded) / 1000).toFixed(2)} s (server alone ${(withoutModel.readyMs / 1000).toFixed(2)} s${over})`,
        goal: '≤ 3 s',
        met: Math.max(withModel.readyMs, loaded) <= 3000,
      },
    ];
    return { withModel, withoutModel, launches: runs, verdicts };
  } finally {
    await hub.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

function seconds(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      built: { type: 'boolean', default: false },
      launches: { type: 'string' },
    },
  });
  const form: LaunchForm = values.built ? 'built' : 'tsx';
  const launches = values.launches === undefined ? undefined : Number(values.launches);
  const result = await runStartBench(values.quick, form, launches);
  const row = (label: string, times: StartTimes) => [
    label,
    seconds(times.readyMs),
    seconds(times.firstScreenMs),
    seconds(times.modelLoadedMs),
    seconds(times.firstTranslationMs),
  ];
  const rows = [
    [
      result.launches.withModel.length > 1
        ? `launch (median of ${result.launches.withModel.length})`
        : 'launch',
      'server ready',
      'first screen',
      'model loaded',
      'first translation',
    ],
    row('stack, model on disk', result.withModel),
    row('stack, no model (peer)', result.withoutModel),
  ];
  const heading =
    `${form === 'built' ? 'npm run serve:built (compiled, plain Node)' : 'npm run serve (under tsx)'} from launch, ${values.quick ? 'tiny' : 'NLLB-600M-sized q8'} model, warm disk; ` +
    `first screen: ${result.withModel.client === 'built' ? 'the built client (dist/renderer)' : 'a stand-in page (dist/renderer is not built)'}`;
  await report(`stack-start${values.quick ? '-quick' : ''}`, heading, rows, result.verdicts, result);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
