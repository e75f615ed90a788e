/**
 * The desktop app's Docker mode as the Server screen sees it: whether an engine answers, the state of the
 * Postgres and Redis containers (and of the bundled production containers), what is running now with its
 * progress, and the last failure with what to do about it. The main process keeps one such view and pushes
 * it to the page whenever it changes (`docker-state`).
 */

/** One container of the topology, as the engine reports it. */
export interface DockerContainerView {
  /** postgres, redis, translator, backend, frontend, prometheus, grafana. */
  role: string;
  container: string;
  /** running, exited, created… or absent (never created). */
  state: string;
  /** healthy, unhealthy, starting, none (no check) or '-' when absent. */
  health: string;
  /** The port on 127.0.0.1 its service answers on. */
  port: number;
}

export type DockerEngineView =
  | { state: 'unknown' }
  | { state: 'answers'; host: string }
  /** `advice` is the orchestration's one line: what is wrong and how to get an engine. */
  | { state: 'missing'; host: string; advice: string };

/** What the Server screen can ask of Docker. */
export type DockerTaskName = 'start' | 'stop' | 'launch-bundled' | 'stop-bundled';

/** One line of a task's progress, with the phase it belongs to. */
export interface DockerProgressLine {
  step: 'engine' | 'images' | 'containers' | 'health' | 'server';
  detail: string;
}

export interface DockerModeView {
  engine: DockerEngineView;
  /** Postgres and Redis: the data of the Docker mode (the production topology's names and volumes). */
  data: DockerContainerView[];
  /** The rest of the bundled production topology: translator, chat servers, monitoring. */
  bundled: DockerContainerView[];
  /** The task running now, with its latest progress lines (oldest first). */
  task?: { name: DockerTaskName; progress: DockerProgressLine[] };
  /** The last task that failed, and its one line saying why and what to do; cleared when a task succeeds. */
  failure?: { task: DockerTaskName; message: string };
  /** Where the bundled production chat server answers, while it runs. */
  bundledUrl?: string;
}

/** What "Launch the bundled prod containers" is asked for. */
export interface BundledLaunchRequest {
  /** Also start Prometheus and Grafana (their images are pulled when missing). */
  monitoring: boolean;
}
