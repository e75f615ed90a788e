import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type {
  BundledLaunchRequest,
  DockerContainerView,
  DockerModeView,
  DockerProgressLine,
  DockerTaskName,
} from '../contract/desktop-docker.ts';
import { buildProjectImage, PROJECT_IMAGES } from '../docker/image-build.ts';
import {
  applicationPlans,
  dataPlans,
  monitoringPlans,
  type ContainerPlan,
} from '../docker/orchestrator/container-plans.ts';
import {
  DOCKER_SETTINGS,
  resolveDockerSettings,
  type DockerSettings,
} from '../docker/orchestrator/docker-settings.ts';
import { OrchestrationError } from '../docker/orchestrator/engine.ts';
import { hasImage } from '../docker/orchestrator/images.ts';
import { Orchestrator, type ContainerStatus } from '../docker/orchestrator/orchestrator.ts';
import { PROD_TOPOLOGY, type Role, type Topology } from '../docker/orchestrator/topology.ts';
import { DockerMode, type DockerModeStack, type DockerModeStep } from './docker-mode.ts';
import type { LocalStackOptions } from './local-stack.ts';
import type { StackSettings } from './stack-settings.ts';

export interface DockerModeControllerOptions {
  docker: DockerSettings;
  /** Pull a missing image (false on machines without a registry). */
  pull: boolean;
  /**
   * A checkout of Meeshy whose Dockerfiles build the project's images when they are missing; undefined where
   * there is none (the packaged app): then the images must be built elsewhere or chosen by their settings.
   */
  sourceDir: string | undefined;
  /** The topology of the data containers and of the bundled launch: the production one (tests rename it). */
  topology?: Topology;
  /** An engine client to use instead of the one DOCKER_HOST names (tests). */
  engine?: Docker;
  /** Environment added to a role's containers at the bundled launch (tests give the translator a local model hub). */
  extraEnv?: Partial<Record<Role, string[]>>;
}

/** How many progress lines the view keeps: the screen shows the latest ones. */
const KEPT_LINES = 40;
const DATA_ROLES: readonly Role[] = ['postgres', 'redis'];

/** The phase an orchestration line belongs to, for the screen's progress. */
function phaseOf(line: string): DockerProgressLine['step'] {
  if (/healthy/.test(line)) return 'health';
  if (/^pulling |Pulling|Download|Extract|^Step \d|^ ---> /.test(line)) return 'images';
  return 'containers';
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function containerView(row: ContainerStatus): DockerContainerView {
  return { role: row.role, container: row.container, state: row.state, health: row.health, port: row.port };
}

/**
 * The Docker side of the desktop app, as one view the Server screen shows (engine, containers, the task
 * running with its progress, the last failure) and the tasks it offers: start and stop the Postgres and
 * Redis containers, start the Docker mode's server on them (through DockerMode), and launch or stop the
 * bundled production containers. One task at a time; every change of the view is emitted as `view`.
 * Free of Electron, so it runs for real in tests against a throwaway engine.
 */
export class DockerModeController extends EventEmitter<{ view: [view: DockerModeView] }> {
  readonly orchestrator: Orchestrator;
  readonly topology: Topology;
  private current: DockerModeView = { engine: { state: 'unknown' }, data: [], bundled: [] };

  constructor(private readonly options: DockerModeControllerOptions) {
    super();
    this.topology = options.topology ?? PROD_TOPOLOGY;
    this.orchestrator = new Orchestrator(
      options.docker,
      (line) => {
        this.progress(phaseOf(line), line);
      },
      options.engine,
    );
  }

  get view(): DockerModeView {
    return this.current;
  }

  /** Asks the engine whether it answers and how each container stands. */
  async refresh(): Promise<DockerModeView> {
    const host = this.options.docker.dockerHost;
    // The task running and the last failure stay; what the engine says is replaced.
    const { task, failure } = this.current;
    const kept = { ...(task === undefined ? {} : { task }), ...(failure === undefined ? {} : { failure }) };
    try {
      await this.orchestrator.check();
    } catch (error) {
      const advice = messageOf(error);
      return this.update({ ...kept, engine: { state: 'missing', host, advice }, data: [], bundled: [] });
    }
    const [data, bundled] = await Promise.all([
      this.orchestrator.status(this.dataPlans()),
      this.orchestrator.status(this.bundledPlans(true).filter((plan) => !DATA_ROLES.includes(plan.role))),
    ]);
    const backend = bundled.find((row) => row.role === 'backend' && row.state === 'running');
    return this.update({
      ...kept,
      engine: { state: 'answers', host },
      data: data.map(containerView),
      bundled: bundled.map(containerView),
      ...(backend === undefined ? {} : { bundledUrl: `http://127.0.0.1:${backend.port}` }),
    });
  }

  /**
   * The Docker mode's stack: the containers, then this device's server and translator on them. Throws
   * (the caller shows it as the stack's failure); the view says it too.
   */
  startMode(
    stack: StackSettings,
    options: LocalStackOptions,
    onStep: (step: DockerModeStep) => void = () => undefined,
  ): Promise<DockerModeStack> {
    return this.task('start', () =>
      new DockerMode({
        docker: this.options.docker,
        stack,
        commands: options.commands,
        log: options.log,
        progress: (step) => {
          onStep(step);
          this.progress(step.step === 'containers' ? phaseOf(step.detail) : step.step, step.detail);
        },
        topology: this.topology,
        engine: this.orchestrator.docker,
        pull: this.options.pull,
      }).start(),
    );
  }

  /** Starts (or creates) the Postgres and Redis containers and waits until they are healthy. */
  startContainers(): Promise<DockerModeView> {
    return this.settle('start', async () => {
      this.checking();
      await this.orchestrator.up(this.topology, this.dataPlans(), { pull: this.options.pull });
    });
  }

  /** Stops the Postgres and Redis containers; their volumes (the data) stay. */
  stopContainers(): Promise<DockerModeView> {
    return this.settle('stop', async () => {
      this.checking();
      for (const [container, outcome] of await this.orchestrator.stop(this.dataPlans()))
        this.progress('containers', `${container}: ${outcome}`);
    });
  }

  /** Builds the project's images when missing, then starts the whole production topology, healthy. */
  launchBundled(request: BundledLaunchRequest): Promise<DockerModeView> {
    return this.settle('launch-bundled', async () => {
      this.checking();
      await this.orchestrator.check();
      await this.ensureProjectImages();
      await this.orchestrator.up(this.topology, this.bundledPlans(request.monitoring), {
        pull: this.options.pull,
      });
    });
  }

  /** Stops the bundled containers but Postgres and Redis (the Docker mode may be using them). */
  stopBundled(): Promise<DockerModeView> {
    return this.settle('stop-bundled', async () => {
      this.checking();
      const plans = this.bundledPlans(true).filter((plan) => !DATA_ROLES.includes(plan.role));
      for (const [container, outcome] of await this.orchestrator.stop(plans))
        this.progress('containers', `${container}: ${outcome}`);
    });
  }

  private dataPlans(): ContainerPlan[] {
    return dataPlans(this.topology, this.options.docker);
  }

  /** The production topology's containers (monitoring when asked and the topology has it), with any extra environment. */
  private bundledPlans(monitoring: boolean): ContainerPlan[] {
    const settings = this.options.docker;
    const services = this.topology.services;
    const plans = [
      ...(services.translator && services.backend && services.frontend
        ? applicationPlans(this.topology, settings)
        : this.dataPlans()),
      ...(monitoring && services.prometheus && services.grafana
        ? monitoringPlans(this.topology, settings)
        : []),
    ];
    const extra = this.options.extraEnv ?? {};
    return plans.map((plan) => ({ ...plan, env: [...plan.env, ...(extra[plan.role] ?? [])] }));
  }

  /** The server and translator images: present, or built from the checkout's Dockerfiles with their progress. */
  private async ensureProjectImages(): Promise<void> {
    const settings = this.options.docker;
    const docker = this.orchestrator.docker;
    for (const image of PROJECT_IMAGES) {
      const tag = settings[image.setting];
      if (await hasImage(docker, tag)) {
        this.progress('images', `${tag} is in the engine`);
        continue;
      }
      const sourceDir = this.options.sourceDir;
      const settingName = DOCKER_SETTINGS[image.setting].env?.[0] ?? image.setting;
      if (sourceDir === undefined || !fs.existsSync(path.join(sourceDir, image.dockerfile))) {
        throw new OrchestrationError(
          `Image ${tag} is not in the Docker engine and this app has no sources to build it from: build it in a checkout of Meeshy (npm run docker -- prod:build) or choose another image with ${settingName}.`,
        );
      }
      this.progress('images', `Building ${tag} from ${image.dockerfile}`);
      await buildProjectImage(docker, {
        dockerfile: image.dockerfile,
        tag,
        buildArgs: { NODE_IMAGE: settings.nodeBaseImage },
        progress: (line) => {
          this.progress('images', line);
        },
        root: sourceDir,
      });
      this.progress('images', `Built ${tag}`);
    }
  }

  private checking(): void {
    this.progress('engine', `Checking the Docker engine at ${this.options.docker.dockerHost}`);
  }

  /** Runs a task for the screen: its outcome (and any failure) ends up in the view, which is answered. */
  private async settle(name: DockerTaskName, work: () => Promise<void>): Promise<DockerModeView> {
    try {
      await this.task(name, work);
    } catch {
      // The failure is in the view.
    }
    return this.current;
  }

  /** One task at a time: progress is gathered while it runs; its failure stays in the view until the next success. */
  private async task<T>(name: DockerTaskName, work: () => Promise<T>): Promise<T> {
    const busy = this.current.task;
    if (busy !== undefined) throw new Error(`Docker is busy: ${busy.name} is still running.`);
    const { failure: _previous, ...rest } = this.current;
    this.update({ ...rest, task: { name, progress: [] } });
    let failure: string | undefined;
    try {
      return await work();
    } catch (error) {
      failure = messageOf(error);
      throw error;
    } finally {
      // The containers' states after the task, then the task's end (and failure) in one last change.
      await this.refresh().catch(() => undefined);
      const { task: _done, ...after } = this.current;
      this.update(failure === undefined ? after : { ...after, failure: { task: name, message: failure } });
    }
  }

  private progress(step: DockerProgressLine['step'], detail: string): void {
    const task = this.current.task;
    if (task === undefined) return;
    const progress = [...task.progress, { step, detail }].slice(-KEPT_LINES);
    this.update({ ...this.current, task: { ...task, progress } });
  }

  private update(view: DockerModeView): DockerModeView {
    this.current = view;
    this.emit('view', view);
    return view;
  }
}

/**
 * The desktop app's controller: Docker settings from the environment (DOCKER_HOST, image names…, as for
 * `npm run docker`), missing images pulled; `sourceDir` is the checkout that can build the project's images.
 */
export function desktopDockerController(
  env: NodeJS.ProcessEnv,
  sourceDir: string | undefined,
): DockerModeController {
  return new DockerModeController({ docker: resolveDockerSettings([], env), pull: true, sourceDir });
}
