import net from 'node:net';
import type Docker from 'dockerode';
import type { ContainerPlan, NetworkMode } from './container-plans.ts';
import { OrchestrationError } from './engine.ts';
import { demuxLogFrames } from './log-frames.ts';
import { LABEL_ROLE, LABEL_TOPOLOGY, type Topology } from './topology.ts';

const SECOND_NS = 1_000_000_000;

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

export async function inspectOrNothing(docker: Docker, name: string) {
  try {
    return await docker.getContainer(name).inspect();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The named network of the topology, with its subnet (created once). */
export async function ensureNetwork(docker: Docker, topology: Topology): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [topology.network.name] } });
  if (existing.some((network) => network.Name === topology.network.name)) return;
  await docker.createNetwork({
    Name: topology.network.name,
    Driver: 'bridge',
    IPAM: { Config: [{ Subnet: topology.network.subnet }] },
    Labels: { [LABEL_TOPOLOGY]: topology.name },
  });
}

/** Creating a volume that exists is a no-op for the engine: the data in it stays. */
export async function ensureVolume(docker: Docker, topology: Topology, name: string): Promise<void> {
  await docker.createVolume({ Name: name, Labels: { [LABEL_TOPOLOGY]: topology.name } });
}

/** Host networking: nothing else may listen on the port; the service would fail later with a vaguer error. */
export function assertPortFree(port: number, container: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new OrchestrationError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on 127.0.0.1 is already taken by another program, so ${container} cannot use it: stop that program or free the port.`
            : `Port ${port} on 127.0.0.1 cannot be used for ${container}: ${error.message}.`,
        ),
      );
    });
    probe.listen(port, '127.0.0.1', () => {
      probe.close(() => {
        resolve();
      });
    });
  });
}

function createOptions(
  plan: ContainerPlan,
  topology: Topology,
  mode: NetworkMode,
): Docker.ContainerCreateOptions {
  const binds = [
    ...(plan.volume ? [`${plan.volume.name}:${plan.volume.mountPath}`] : []),
    ...(plan.binds ?? []),
  ];
  const inner = `${plan.innerPort}/tcp`;
  const service = topology.services[plan.role]?.service ?? plan.role;
  return {
    name: plan.container,
    Image: plan.image,
    Env: plan.env,
    ...(plan.cmd ? { Cmd: plan.cmd } : {}),
    Labels: {
      [LABEL_TOPOLOGY]: topology.name,
      [LABEL_ROLE]: plan.role,
      // The same labels compose sets, so `docker compose ps` of the topology's project shows these too.
      'com.docker.compose.project': topology.project,
      'com.docker.compose.service': service,
    },
    Healthcheck: {
      Test: plan.healthcheck,
      Interval: 2 * SECOND_NS,
      Timeout: 5 * SECOND_NS,
      Retries: 30,
      StartPeriod: (plan.readyWithinSeconds ?? 2) * SECOND_NS,
    },
    ...(mode === 'topology' ? { ExposedPorts: { [inner]: {} } } : {}),
    HostConfig: {
      Binds: binds,
      RestartPolicy: { Name: 'unless-stopped' },
      ...(mode === 'host'
        ? { NetworkMode: 'host' }
        : {
            NetworkMode: topology.network.name,
            PortBindings: { [inner]: [{ HostIp: '127.0.0.1', HostPort: String(plan.port) }] },
          }),
    },
    ...(mode === 'topology'
      ? { NetworkingConfig: { EndpointsConfig: { [topology.network.name]: { Aliases: [service] } } } }
      : {}),
  };
}

export type UpOutcome = 'created' | 'started' | 'already running';

/**
 * Creates the container when it does not exist, or reattaches to the one that does (same name, same
 * volume: its data stays), and starts it. The image must already be present.
 */
export async function upContainer(
  docker: Docker,
  plan: ContainerPlan,
  topology: Topology,
  mode: NetworkMode,
): Promise<UpOutcome> {
  const existing = await inspectOrNothing(docker, plan.container);
  if (existing?.State.Running) return 'already running';
  await assertPortFree(plan.port, plan.container);
  if (existing) {
    await docker.getContainer(plan.container).start();
    return 'started';
  }
  if (plan.volume) await ensureVolume(docker, topology, plan.volume.name);
  if (mode === 'topology') await ensureNetwork(docker, topology);
  const container = await docker.createContainer(createOptions(plan, topology, mode));
  await container.start();
  return 'created';
}

/** The last lines a container wrote, for error messages. */
export async function lastLogLines(docker: Docker, name: string, lines = 15): Promise<string> {
  try {
    const buffer = await docker
      .getContainer(name)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demuxLogFrames(buffer).trim();
  } catch {
    return '';
  }
}

/** While a container is still starting, how often `waitHealthy` says what it last logged. */
const STARTING_NOTICE_MS = 10_000;

/**
 * Waits until the engine reports the container healthy; an exit or an "unhealthy" ends the wait with its
 * logs. A slow start (a model downloading) is reported every few seconds with the container's last line.
 */
export async function waitHealthy(
  docker: Docker,
  name: string,
  timeoutMs = 120_000,
  progress: (line: string) => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nextNotice = Date.now() + STARTING_NOTICE_MS;
  for (;;) {
    const state = (await docker.getContainer(name).inspect()).State;
    const health = state.Health?.Status;
    if (health === 'healthy' || (!state.Health && state.Running)) return;
    if (!state.Running || health === 'unhealthy') {
      const why = state.Running ? 'is unhealthy' : `exited (code ${state.ExitCode})`;
      throw new OrchestrationError(`${name} ${why}. Its last lines:\n${await lastLogLines(docker, name)}`);
    }
    if (Date.now() > deadline) {
      throw new OrchestrationError(
        `${name} was not healthy after ${timeoutMs / 1000} s (health: ${health ?? 'none'}).`,
      );
    }
    if (Date.now() >= nextNotice) {
      nextNotice = Date.now() + STARTING_NOTICE_MS;
      const last = (await lastLogLines(docker, name, 1)).split('\n').pop() ?? '';
      progress(`${name}: still starting${last === '' ? '' : ` (${last})`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function stopContainer(
  docker: Docker,
  name: string,
): Promise<'stopped' | 'not running' | 'absent'> {
  const existing = await inspectOrNothing(docker, name);
  if (!existing) return 'absent';
  if (!existing.State.Running) return 'not running';
  await docker.getContainer(name).stop({ t: 10 });
  return 'stopped';
}

/** Removes the container; its named volume stays unless `withVolume`. */
export async function removeContainer(docker: Docker, name: string): Promise<'removed' | 'absent'> {
  const existing = await inspectOrNothing(docker, name);
  if (!existing) return 'absent';
  await docker.getContainer(name).remove({ force: true });
  return 'removed';
}

/** Runs a removal; a 404 (nothing of that name) is "absent", not an error. */
async function removeIfPresent(remove: () => Promise<unknown>): Promise<'removed' | 'absent'> {
  try {
    await remove();
    return 'removed';
  } catch (error) {
    if (isNotFound(error)) return 'absent';
    throw error;
  }
}

export function removeVolume(docker: Docker, name: string): Promise<'removed' | 'absent'> {
  return removeIfPresent(() => docker.getVolume(name).remove());
}

export function removeNetwork(docker: Docker, name: string): Promise<'removed' | 'absent'> {
  return removeIfPresent(() => docker.getNetwork(name).remove());
}
