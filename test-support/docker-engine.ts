import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { describeWithProgram } from './needs-program.ts';
import { sleep } from './temp-dir.js';

/** A Docker engine for one test run: either the one DOCKER_HOST names (left running) or a throwaway dockerd. */
export interface TestDockerEngine {
  docker: Docker;
  /** The socket path (for DOCKER_HOST=unix://…). */
  socketPath: string;
  stop(): Promise<void>;
}

export const DOCKERD_INSTALL_LINE = 'apt-get install -y docker.io debootstrap';

/** The Docker suites: they need dockerd (run as root) and debootstrap (their base images). */
export const describeWithDockerEngine = describeWithProgram(['dockerd', 'debootstrap'], DOCKERD_INSTALL_LINE);

async function answers(docker: Docker): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/** Takes `folder` for this process (a lock file with its pid); false when a live process holds it. */
function claimFolder(folder: string): boolean {
  fs.mkdirSync(folder, { recursive: true });
  const lock = path.join(folder, 'engine.lock');
  try {
    const holder = Number(fs.readFileSync(lock, 'utf8'));
    process.kill(holder, 0);
    return holder === process.pid;
  } catch {
    // No lock, or its process is gone: take it.
    fs.writeFileSync(lock, String(process.pid));
    return true;
  }
}

/**
 * Reuses the engine DOCKER_HOST points at when it answers; otherwise starts dockerd with its own data,
 * exec root, socket and pid file under a fresh temporary folder, so it never touches a system engine.
 * No iptables and no bridge: this machine has neither, containers use host networking.
 *
 * `keepDataIn`: the engine's images and build cache live in that folder across runs (when no other run
 * holds it), so a suite that builds images rebuilds only the layers its changes touch; containers and
 * volumes are still removed at the end.
 */
export async function startTestDockerEngine(
  options: { keepDataIn?: string; timeoutMs?: number } = {},
): Promise<TestDockerEngine> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const existing = process.env.DOCKER_HOST;
  if (existing?.startsWith('unix://')) {
    const socketPath = existing.slice('unix://'.length);
    const docker = new Docker({ socketPath });
    if (await answers(docker)) return { docker, socketPath, stop: () => Promise.resolve() };
  }
  // A short root: a unix socket path must stay under ~108 characters.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mdk-'));
  const kept =
    options.keepDataIn !== undefined && claimFolder(options.keepDataIn) ? options.keepDataIn : undefined;
  const dataRoot = kept === undefined ? path.join(root, 'data') : path.join(kept, 'data');
  const socketPath = path.join(root, 'docker.sock');
  const logPath = path.join(root, 'dockerd.log');
  const log = fs.openSync(logPath, 'a');
  const child: ChildProcess = spawn(
    'dockerd',
    [
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      `--data-root=${dataRoot}`,
      `--exec-root=${path.join(root, 'exec')}`,
      `--pidfile=${path.join(root, 'dockerd.pid')}`,
      '-H',
      `unix://${socketPath}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const docker = new Docker({ socketPath });
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(docker))) {
    if (exited() || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = fs.readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`dockerd did not answer on ${socketPath}:\n${tail}`);
    }
    await sleep(200);
  }
  return {
    docker,
    socketPath,
    async stop() {
      await removeAllContainers(docker);
      if (kept !== undefined) {
        // What stays: images and their layers; not volumes, nor images that a newer build untagged.
        await docker.pruneVolumes().catch(() => undefined);
        await docker.pruneImages({ filters: { dangling: ['true'] } }).catch(() => undefined);
      }
      if (!exited()) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // dockerd often lingers well after SIGTERM (its containerd); the run is throwaway, so do not wait long.
        await Promise.race([gone, sleep(8_000)]);
        if (!exited()) child.kill('SIGKILL');
      }
      removeEngineFolder(root);
      if (kept !== undefined) fs.rmSync(path.join(kept, 'engine.lock'), { force: true });
    },
  };
}

async function removeAllContainers(docker: Docker): Promise<void> {
  const containers = await docker.listContainers({ all: true }).catch(() => []);
  await Promise.all(
    containers.map((info) =>
      docker
        .getContainer(info.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

/** dockerd can leave its network namespace mounted under the exec root; unmount what is left, then delete. */
function removeEngineFolder(root: string): void {
  const mounts = fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  try {
    fs.rmSync(root, { recursive: true, force: true });
  } catch (error) {
    process.stderr.write(`could not remove the test engine's folder ${root}: ${String(error)}\n`);
  }
}
