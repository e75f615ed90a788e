import type Docker from 'dockerode';
import { dataPlans } from '../docker/orchestrator/container-plans.ts';
import type { UpOutcome } from '../docker/orchestrator/containers.ts';
import type { DockerSettings } from '../docker/orchestrator/docker-settings.ts';
import { Orchestrator, type ContainerStatus } from '../docker/orchestrator/orchestrator.ts';
import { PROD_TOPOLOGY, type Topology } from '../docker/orchestrator/topology.ts';
import type { StackCommands } from './child-commands.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './local-stack.ts';
import type { StackSettings } from './stack-settings.ts';

/** One step of starting the docker mode, in the words the app shows. */
export type DockerModeStep =
  | { step: 'engine'; detail: string }
  | { step: 'containers'; detail: string }
  | { step: 'server'; detail: string };

export interface DockerModeOptions {
  docker: DockerSettings;
  stack: StackSettings;
  commands: StackCommands;
  log: LocalStackOptions['log'];
  progress: (step: DockerModeStep) => void;
  /** The topology whose Postgres and Redis are used: the production one (its names and volumes) by default. */
  topology?: Topology;
  /** An engine client to use instead of the one DOCKER_HOST names (tests). */
  engine?: Docker;
  /** Pull a missing image (default true; machines without a registry say false). */
  pull?: boolean;
}

export interface DockerModeStack {
  stack: LocalStack;
  /** What became of each container: created, started (it existed, stopped) or already running. */
  containers: Map<string, UpOutcome>;
  DATABASE_URL: string;
  REDIS_URL: string;
}

/**
 * The desktop app's docker mode: the data lives in Postgres and Redis containers (the production
 * topology's names and volumes, so `npm run docker` and the app manage the same ones, and the data
 * survives stopping either), and the app's own server and translator run on this machine against them.
 * A missing engine is the orchestration's one line on how to get one, thrown before anything starts.
 */
export class DockerMode {
  readonly orchestrator: Orchestrator;
  private readonly topology: Topology;

  constructor(private readonly options: DockerModeOptions) {
    this.topology = options.topology ?? PROD_TOPOLOGY;
    this.orchestrator = new Orchestrator(
      options.docker,
      (line) => {
        options.progress({ step: 'containers', detail: line });
      },
      options.engine,
    );
  }

  private get plans() {
    return dataPlans(this.topology, this.options.docker);
  }

  /** Engine, then the containers (created or reattached, healthy), then the local stack on them. */
  async start(): Promise<DockerModeStack> {
    const { progress } = this.options;
    progress({ step: 'engine', detail: `Checking the Docker engine at ${this.options.docker.dockerHost}` });
    await this.orchestrator.check();
    progress({ step: 'containers', detail: 'Starting the Postgres and Redis containers' });
    const containers = await this.orchestrator.up(this.topology, this.plans, {
      pull: this.options.pull ?? true,
    });
    const { DATABASE_URL, REDIS_URL } = this.orchestrator.connectionDetails(this.topology);
    progress({ step: 'server', detail: 'Starting the chat server on the containers' });
    const onContainers = { DATABASE_URL, REDIS_URL };
    const commands: StackCommands = {
      server: {
        ...this.options.commands.server,
        env: { ...this.options.commands.server.env, ...onContainers },
      },
      translator: {
        ...this.options.commands.translator,
        env: { ...this.options.commands.translator.env, REDIS_URL },
      },
    };
    const stack = await startLocalStack(this.options.stack, { commands, log: this.options.log });
    return { stack, containers, DATABASE_URL, REDIS_URL };
  }

  /** The containers' state and health, for the app to show. */
  containerStates(): Promise<ContainerStatus[]> {
    return this.orchestrator.status(this.plans);
  }

  /** Stops the containers (their volumes, the data, stay); `start` reattaches them. */
  async stopContainers(): Promise<Map<string, string>> {
    return this.orchestrator.stop(this.plans);
  }
}
