import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Swarm, type RunResult } from './chat/load.ts';
import {
  READY_PREFIX,
  TARGET_KINDS,
  type TargetCpu,
  type TargetRequest,
  type Shape,
  type TargetKind,
  type TargetReady,
} from './chat/target-kinds.ts';
import { describeMachine } from './machine.ts';

/**
 * `npm run bench:chat [-- --quick] [--built | --server-root <checkout>] [--profile <dir>] [--only <kinds>]`: the chat server's fan-out against a bare
 * Socket.IO server (and the same one writing each message to SQLite), with the same clients over loopback.
 * Each target runs in its own process; the clients run here.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..');

export interface BenchPlan {
  shapes: Shape[];
  seconds: number;
  /** Offered rate of the latency run, in the first shape. */
  pacedRate: number;
  sendersPerConversation: (shape: Shape) => number;
  inFlight: number;
}

export const FULL_PLAN: BenchPlan = {
  shapes: [
    { name: 'group of 25', conversations: 1, members: 25 },
    { name: '100 conversations of 5', conversations: 100, members: 5 },
  ],
  seconds: 5,
  pacedRate: 1000,
  // Several senders in the group; one in each small conversation (100 senders).
  sendersPerConversation: (shape) => (shape.conversations === 1 ? 5 : 1),
  inFlight: 4,
};

export const QUICK_PLAN: BenchPlan = {
  shapes: [
    { name: 'group of 5', conversations: 1, members: 5 },
    { name: '3 conversations of 3', conversations: 3, members: 3 },
  ],
  seconds: 0.5,
  pacedRate: 50,
  sendersPerConversation: () => 2,
  inFlight: 2,
};

export interface Measurement {
  target: TargetKind;
  shape: string;
  mode: 'sustained' | 'paced';
  result: RunResult;
  /** On the sustained run: how long the target took to stop on SIGTERM right after its runs, clients still connected. */
  stopMs?: number;
  /**
   * On the sustained run: the target process's CPU time (user and system, all threads) during it, per
   * acknowledged send. Unlike a rate, it hardly moves with what else the machine runs.
   */
  cpuMicrosPerSend?: number;
  /** The same for the target's main thread alone (Linux), the event loop that bounds its rate. */
  mainThreadCpuMicrosPerSend?: number;
}

interface TargetProcess {
  child: ChildProcess;
  ready: TargetReady;
  dataDir: string;
}

async function startTarget(kind: TargetKind, shape: Shape, serverRoot: string): Promise<TargetProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-bench-'));
  // The built server runs under plain Node, from the target compiled by compileBuiltTarget().
  const script = isBuilt(serverRoot)
    ? [BUILT_TARGET]
    : ['--import', 'tsx', path.join(HERE, 'chat', 'serve-target.ts')];
  const child = spawn(
    process.execPath,
    [...script, kind, JSON.stringify(shape), dataDir, serverRoot],
    // The IPC channel starts and stops the target's CPU profile around the measured run (--profile).
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const { stdout } = child;
  if (stdout === null) throw new Error('the target has no stdout pipe');
  const ready = await new Promise<TargetReady>((resolve, reject) => {
    let buffered = '';
    stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      // Only whole lines: the ready line of 500 sockets spans several chunks.
      const line = buffered
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.startsWith(READY_PREFIX));
      if (line !== undefined) resolve(JSON.parse(line.slice(READY_PREFIX.length)) as TargetReady);
    });
    child.once('exit', (code) => {
      reject(new Error(`${kind} target exited (${code}) before it was ready`));
    });
  });
  return { child, ready, dataDir };
}

/** `npm run build:app`'s output, which the desktop app runs. */
const BUILT_SERVER_ROOT = path.join(ROOT, 'dist', 'app');
const BUILT_TARGET = path.join(ROOT, 'dist', 'bench', 'bench', 'chat', 'serve-target.js');

function isBuilt(serverRoot: string): boolean {
  return !fs.existsSync(path.join(serverRoot, 'server', 'app.ts'));
}

/** Compiles the target process itself to JavaScript, so that nothing in it runs under tsx either. */
function compileBuiltTarget(serverRoot: string): void {
  if (!fs.existsSync(path.join(serverRoot, 'server', 'app.js')))
    throw new Error(`no built server in ${serverRoot}: run \`npm run build:app\` first`);
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(HERE, 'chat', 'tsconfig.build.json'),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

/** Sends the target a request over IPC and waits for its answer (serve-target.ts). */
async function askTarget(target: TargetProcess, request: TargetRequest): Promise<unknown> {
  const answered = new Promise<unknown>((resolve) => {
    target.child.once('message', resolve);
  });
  target.child.send(request);
  return answered;
}

async function targetCpu(target: TargetProcess): Promise<TargetCpu> {
  return (await askTarget(target, { cpu: true })) as TargetCpu;
}

/** Stops the target as a user's signal would, and returns how long it took to exit. */
async function stopTarget(target: TargetProcess): Promise<number> {
  const started = performance.now();
  const exited = new Promise<number | null>((resolve) => target.child.once('exit', resolve));
  target.child.kill('SIGTERM');
  const code = await exited;
  const took = performance.now() - started;
  fs.rmSync(target.dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the target exited with ${String(code)} on SIGTERM`);
  return took;
}

/** Runs every target in every shape (and the paced latency run in the first shape) one after another. */
export async function runChatBench(
  plan: BenchPlan,
  targets: readonly TargetKind[],
  options: { serverRoot?: string; profileDir?: string; log?: (line: string) => void } = {},
): Promise<Measurement[]> {
  const log = options.log ?? (() => undefined);
  const measurements: Measurement[] = [];
  for (const [index, shape] of plan.shapes.entries()) {
    for (const kind of targets) {
      const target = await startTarget(kind, shape, options.serverRoot ?? ROOT);
      let stopped = false;
      try {
        const swarm = await Swarm.connect(target.ready);
        const senders = plan.sendersPerConversation(shape);
        // A short warm-up, so that the JIT and the database's first pages are not what is measured.
        await swarm.sustained(Math.min(1, plan.seconds / 2), senders, plan.inFlight);
        const profile =
          options.profileDir === undefined
            ? undefined
            : path.join(options.profileDir, `${kind}-${shape.conversations}x${shape.members}.cpuprofile`);
        if (profile !== undefined) await askTarget(target, { profile: 'start' });
        const cpuBefore = await targetCpu(target);
        const sustained = await swarm.sustained(plan.seconds, senders, plan.inFlight);
        const cpuAfter = await targetCpu(target);
        const perSend = (micros: number) => micros / Math.max(1, sustained.acked);
        const mainThreadBefore = cpuBefore.mainThreadCpuMicros;
        const mainThreadAfter = cpuAfter.mainThreadCpuMicros;
        if (profile !== undefined) await askTarget(target, { profile: 'stop', file: profile });
        const sustainedMeasurement: Measurement = {
          target: kind,
          shape: shape.name,
          mode: 'sustained',
          result: sustained,
          cpuMicrosPerSend: perSend(cpuAfter.cpuMicros - cpuBefore.cpuMicros),
          mainThreadCpuMicrosPerSend:
            mainThreadBefore === undefined || mainThreadAfter === undefined
              ? undefined
              : perSend(mainThreadAfter - mainThreadBefore),
        };
        measurements.push(sustainedMeasurement);
        log(
          `${kind} / ${shape.name} / sustained: ${describe(sustained)}, CPU ${sustainedMeasurement.cpuMicrosPerSend?.toFixed(0)} µs/send (main thread ${sustainedMeasurement.mainThreadCpuMicrosPerSend?.toFixed(0)})`,
        );
        if (index === 0) {
          const paced = await swarm.paced(plan.seconds, senders, plan.pacedRate);
          measurements.push({ target: kind, shape: shape.name, mode: 'paced', result: paced });
          log(`${kind} / ${shape.name} / ${plan.pacedRate} msg/s: ${describe(paced)}`);
        }
        // With every client still connected, as when a user quits.
        stopped = true;
        sustainedMeasurement.stopMs = await stopTarget(target);
        log(`${kind} / ${shape.name} / stopped in ${sustainedMeasurement.stopMs.toFixed(0)} ms`);
        swarm.close();
      } finally {
        if (!stopped) await stopTarget(target);
      }
    }
  }
  return measurements;
}

function describe(result: RunResult): string {
  return `${result.sendsPerSecond.toFixed(0)} sends/s, ${result.deliveriesPerSecond.toFixed(0)} deliveries/s, p99 ${result.p99Ms.toFixed(1)} ms, undelivered ${result.undelivered}, duplicated ${result.duplicated}${result.overloaded ? ' (overloaded)' : ''}`;
}

export interface TargetVerdict {
  name: string;
  measured: string;
  goal: string;
  met: boolean;
}

/** The issue's targets: half the bare broadcast's delivery rate in each shape, p99 < 100 ms at 1,000 msg/s, nothing lost. */
export function verdicts(measurements: Measurement[], plan: BenchPlan): TargetVerdict[] {
  const find = (target: TargetKind, shape: string, mode: Measurement['mode']) =>
    measurements.find((m) => m.target === target && m.shape === shape && m.mode === mode)?.result;
  const list: TargetVerdict[] = [];
  for (const chat of ['chat', 'chat-translator-refusing'] as const) {
    for (const shape of plan.shapes) {
      const mine = find(chat, shape.name, 'sustained');
      const bare = find('bare', shape.name, 'sustained');
      if (mine === undefined || bare === undefined) continue;
      const ratio = mine.deliveriesPerSecond / bare.deliveriesPerSecond;
      list.push({
        name: `${chat} delivery rate, ${shape.name}`,
        measured: `${ratio.toFixed(2)}× bare (${mine.deliveriesPerSecond.toFixed(0)} vs ${bare.deliveriesPerSecond.toFixed(0)}/s)`,
        goal: '≥ 0.5×',
        met: ratio >= 0.5,
      });
    }
    const first = plan.shapes[0];
    const paced = first === undefined ? undefined : find(chat, first.name, 'paced');
    if (paced !== undefined) {
      list.push({
        name: `${chat} p99 delivery at ${plan.pacedRate} msg/s`,
        measured: `${paced.p99Ms.toFixed(1)} ms`,
        goal: '< 100 ms',
        met: paced.p99Ms < 100,
      });
    }
  }
  // A translator that is down must not slow the server's stop (it once took 30 s).
  for (const shape of plan.shapes) {
    const stopMs = (target: TargetKind) =>
      measurements.find((m) => m.target === target && m.shape === shape.name && m.mode === 'sustained')
        ?.stopMs;
    const downMs = stopMs('chat-translator-refusing');
    const upMs = stopMs('chat');
    if (downMs === undefined || upMs === undefined) continue;
    list.push({
      name: `stop with the translator refusing, ${shape.name}`,
      measured: `${downMs.toFixed(0)} ms (chat without a translator ${upMs.toFixed(0)} ms)`,
      goal: '≤ 1 s more',
      met: downMs <= upMs + 1000,
    });
  }
  // An overloaded run's missing deliveries may only be late; its duplicates and refusals still count.
  const wrong = measurements.reduce(
    (sum, m) =>
      sum + (m.result.overloaded ? 0 : m.result.undelivered) + m.result.duplicated + m.result.failed,
    0,
  );
  const overloaded = measurements.filter((m) => m.result.overloaded).length;
  list.push({
    name: 'nothing lost, duplicated or refused',
    measured: `${wrong}${overloaded > 0 ? ` (${overloaded} overloaded run(s) not judged for loss)` : ''}`,
    goal: '0',
    met: wrong === 0,
  });
  return list;
}

function table(measurements: Measurement[]): string {
  const header = [
    'target',
    'shape',
    'mode',
    'sends/s',
    'deliveries/s',
    'p50 ms',
    'p99 ms',
    'undelivered',
    'dup',
    'stop ms',
    'CPU µs/send',
    'main thread',
  ];
  const rows = measurements.map((m) => [
    m.target,
    m.shape,
    m.mode,
    m.result.sendsPerSecond.toFixed(0),
    m.result.deliveriesPerSecond.toFixed(0),
    m.result.p50Ms.toFixed(1),
    m.result.p99Ms.toFixed(1),
    `${m.result.undelivered}${m.result.overloaded ? ' (overloaded)' : ''}`,
    String(m.result.duplicated),
    m.stopMs === undefined ? '' : m.stopMs.toFixed(0),
    m.cpuMicrosPerSend === undefined ? '' : m.cpuMicrosPerSend.toFixed(0),
    m.mainThreadCpuMicrosPerSend === undefined ? '' : m.mainThreadCpuMicrosPerSend.toFixed(0),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  return [header, ...rows]
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      built: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'server-root': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
  const all = TARGET_KINDS;
  const targets = values.only === undefined ? all : (values.only.split(',') as TargetKind[]);
  // --built measures `npm run build:app`'s output; --server-root another checkout's sources or its dist/app/
  // (a before/after run).
  const serverRoot = values.built
    ? BUILT_SERVER_ROOT
    : values['server-root'] === undefined
      ? ROOT
      : path.resolve(values['server-root']);
  const built = isBuilt(serverRoot);
  if (built) compileBuiltTarget(serverRoot);
  const machine = describeMachine();
  const measurements = await runChatBench(plan, targets, {
    serverRoot,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const verdictList = verdicts(measurements, plan);
  process.stdout.write(
    `\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; server ${built ? `built, plain Node, from ${serverRoot}` : `under tsx from ${serverRoot}`}\n\n${table(measurements)}\n\n`,
  );
  const resultsDir = path.join(HERE, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `chat${values.quick ? '-quick' : ''}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, built, serverRoot, plan: { ...plan, sendersPerConversation: undefined }, measurements, targets: verdictList }, null, 2)}\n`,
  );
  for (const verdict of verdictList)
    process.stdout.write(
      `target ${verdict.name}: ${verdict.measured} vs ${verdict.goal} ${verdict.met ? 'met' : 'missed'}\n`,
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
