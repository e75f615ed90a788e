import type Docker from 'dockerode';
import { databaseUrlFor, type ContainerPlan } from './container-plans.ts';
import {
  inspectOrNothing,
  removeContainer,
  removeNetwork,
  removeVolume,
  stopContainer,
  upContainer,
  waitHealthy,
  type UpOutcome,
} from './containers.ts';
import type { DockerSettings } from './docker-settings.ts';
import { checkEngine, dockerClient } from './engine.ts';
import { ensureImage, type ProgressLine } from './images.ts';
import { demuxLogFrames } from './log-frames.ts';
import { LABEL_TOPOLOGY, type Topology } from './topology.ts';

export interface ContainerStatus {
  container: string;
  role: string;
  image: string;
  /** running, exited, created… or absent. */
  state: string;
  /** healthy, unhealthy, starting, or none when the image declares no check. */
  health: string;
  port: number;
}

export interface ConnectionDetails {
  DATABASE_URL: string;
  REDIS_URL: string;
}

/** Drives one topology's containers through dockerode: never through the docker CLI. */
export class Orchestrator {
  readonly docker: Docker;

  constructor(
    readonly settings: DockerSettings,
    readonly progress: ProgressLine = () => undefined,
    docker?: Docker,
  ) {
    this.docker = docker ?? dockerClient(settings.dockerHost);
  }

  check(): Promise<void> {
    return checkEngine(this.docker, this.settings.dockerHost);
  }

  /** Images present (pulled when `pull`), containers created or reattached and started, then healthy. */
  async up(
    topology: Topology,
    plans: ContainerPlan[],
    options: { pull: boolean },
  ): Promise<Map<string, UpOutcome>> {
    await this.check();
    for (const plan of plans) {
      await ensureImage(this.docker, plan.image, {
        pull: options.pull,
        setting: plan.imageSetting,
        progress: this.progress,
      });
    }
    const outcomes = new Map<string, UpOutcome>();
    for (const plan of plans) {
      const outcome = await upContainer(this.docker, plan, topology, this.settings.networkMode);
      this.progress(`${plan.container}: ${outcome}, waiting until healthy`);
      await waitHealthy(this.docker, plan.container, (plan.readyWithinSeconds ?? 120) * 1000, this.progress);
      this.progress(`${plan.container}: healthy on 127.0.0.1:${plan.port}`);
      outcomes.set(plan.container, outcome);
    }
    return outcomes;
  }

  /** Stops the containers (last started first); their data stays in the volumes. */
  async stop(plans: ContainerPlan[]): Promise<Map<string, string>> {
    await this.check();
    const outcomes = new Map<string, string>();
    for (const plan of [...plans].reverse())
      outcomes.set(plan.container, await stopContainer(this.docker, plan.container));
    return outcomes;
  }

  /** Removes the containers, and with `volumes` their named volumes and the topology's network too. */
  async remove(topology: Topology, plans: ContainerPlan[], options: { volumes: boolean }): Promise<string[]> {
    await this.check();
    const done: string[] = [];
    for (const plan of [...plans].reverse()) {
      done.push(`${plan.container}: ${await removeContainer(this.docker, plan.container)}`);
      if (options.volumes && plan.volume)
        done.push(`volume ${plan.volume.name}: ${await removeVolume(this.docker, plan.volume.name)}`);
    }
    if (options.volumes)
      done.push(
        `network ${topology.network.name}: ${await removeNetwork(this.docker, topology.network.name)}`,
      );
    return done;
  }

  async status(plans: ContainerPlan[]): Promise<ContainerStatus[]> {
    await this.check();
    return Promise.all(
      plans.map(async (plan) => {
        const found = await inspectOrNothing(this.docker, plan.container);
        return {
          container: plan.container,
          role: plan.role,
          image: found?.Config.Image ?? plan.image,
          state: found?.State.Status ?? 'absent',
          health: found ? (found.State.Health?.Status ?? 'none') : '-',
          port: plan.port,
        };
      }),
    );
  }

  /** Every container carrying the orchestration's labels, whichever topology made it. */
  async labelledContainers(topology?: Topology): Promise<Docker.ContainerInfo[]> {
    await this.check();
    const label = topology ? `${LABEL_TOPOLOGY}=${topology.name}` : LABEL_TOPOLOGY;
    return this.docker.listContainers({ all: true, filters: { label: [label] } });
  }

  connectionDetails(topology: Topology): ConnectionDetails {
    const postgres = topology.services.postgres;
    const redis = topology.services.redis;
    return {
      DATABASE_URL: databaseUrlFor(this.settings, `127.0.0.1:${postgres?.port ?? 5432}`),
      REDIS_URL: `redis://127.0.0.1:${redis?.port ?? 6379}`,
    };
  }

  /** Writes the containers' output to `out`, each line prefixed; with `follow`, until `signal` aborts. */
  async logs(
    plans: ContainerPlan[],
    out: NodeJS.WritableStream,
    options: { follow: boolean; tail: number; signal?: AbortSignal },
  ): Promise<void> {
    await this.check();
    const present = [];
    for (const plan of plans) if (await inspectOrNothing(this.docker, plan.container)) present.push(plan);
    if (!options.follow) {
      for (const plan of present) {
        const buffer = await this.docker
          .getContainer(plan.container)
          .logs({ stdout: true, stderr: true, follow: false, tail: options.tail });
        new PrefixWriter(`${plan.container} | `, out).write(`${demuxLogFrames(buffer).trimEnd()}\n`);
      }
      return;
    }
    await Promise.all(
      present.map(async (plan) => {
        const stream = await this.docker.getContainer(plan.container).logs({
          stdout: true,
          stderr: true,
          follow: true,
          tail: options.tail,
          ...(options.signal ? { abortSignal: options.signal } : {}),
        });
        const prefixed = new PrefixWriter(`${plan.container} | `, out) as unknown as NodeJS.WritableStream;
        this.docker.modem.demuxStream(stream, prefixed, prefixed);
        await new Promise((resolve) => {
          stream.once('end', resolve);
          stream.once('close', resolve);
          stream.once('error', resolve);
        });
      }),
    );
  }
}

/** Prefixes each line with the container's name, like `docker compose logs`. */
class PrefixWriter {
  private pending = '';

  constructor(
    private readonly prefix: string,
    private readonly out: NodeJS.WritableStream,
  ) {}

  write(chunk: Buffer | string): boolean {
    const text = this.pending + chunk.toString();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.out.write(`${this.prefix}${line}\n`);
    return true;
  }
}
