import path from 'node:path';
import type { DockerSettings } from './docker-settings.ts';
import { place, type Role, type Topology } from './topology.ts';

/** Everything needed to create one container of the topology. */
export interface ContainerPlan {
  role: Role;
  container: string;
  image: string;
  /** Setting that chooses the image, for error messages. */
  imageSetting: string;
  env: string[];
  cmd?: string[];
  /** The port clients use on 127.0.0.1. */
  port: number;
  innerPort: number;
  volume?: { name: string; mountPath: string };
  /** Files of the repository mounted read-only (monitoring configuration). */
  binds?: string[];
  healthcheck: string[];
  /**
   * How long the service may take to become healthy (120 s when unset): the engine does not count failed
   * checks within it, and `up` waits that long, saying meanwhile what the service last logged.
   */
  readyWithinSeconds?: number;
}

/** The translator's first start downloads its default model (gigabytes for NLLB) before it serves. */
const TRANSLATOR_FIRST_START_SECONDS = 30 * 60;

export type NetworkMode = DockerSettings['networkMode'];

/** The port the service itself listens on: the host's in host networking, the image's usual one otherwise. */
function listenPort(topology: Topology, role: Role, mode: NetworkMode): number {
  const where = place(topology, role);
  return mode === 'host' ? where.port : where.innerPort;
}

/** In host networking a container shares the host's interfaces, so it binds loopback only. */
function listenAddress(mode: NetworkMode): string {
  return mode === 'host' ? '127.0.0.1' : '0.0.0.0';
}

/** The fields every plan takes from its place in the topology. */
function placed(topology: Topology, role: Role, mode: NetworkMode) {
  const where = place(topology, role);
  const port = listenPort(topology, role, mode);
  return {
    fields: {
      role,
      container: where.container,
      port: where.port,
      innerPort: port,
      ...(where.volume ? { volume: where.volume } : {}),
    },
    port,
  };
}

export function postgresPlan(topology: Topology, settings: DockerSettings): ContainerPlan {
  const { fields, port } = placed(topology, 'postgres', settings.networkMode);
  return {
    ...fields,
    image: settings.postgresImage,
    imageSetting: 'MEESHY_POSTGRES_IMAGE',
    env: [
      `POSTGRES_USER=${settings.postgresUser}`,
      `POSTGRES_PASSWORD=${settings.postgresPassword}`,
      `POSTGRES_DB=${settings.postgresDatabase}`,
    ],
    cmd: ['postgres', '-c', `port=${port}`, '-c', `listen_addresses=${listenAddress(settings.networkMode)}`],
    healthcheck: [
      'CMD',
      'pg_isready',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      settings.postgresUser,
      '-d',
      settings.postgresDatabase,
    ],
  };
}

export function redisPlan(topology: Topology, settings: DockerSettings): ContainerPlan {
  const { fields, port } = placed(topology, 'redis', settings.networkMode);
  return {
    ...fields,
    image: settings.redisImage,
    imageSetting: 'MEESHY_REDIS_IMAGE',
    env: [],
    // Append-only file in the volume: the data survives the container being stopped, removed and recreated.
    cmd: [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      listenAddress(settings.networkMode),
      '--appendonly',
      'yes',
      '--dir',
      '/data',
      '--protected-mode',
      'no',
    ],
    healthcheck: ['CMD', 'redis-cli', '-h', '127.0.0.1', '-p', String(port), 'ping'],
  };
}

/** Address of a service as another container of the topology sees it. */
function peer(topology: Topology, role: Role, mode: NetworkMode): string {
  const where = place(topology, role);
  return mode === 'host' ? `127.0.0.1:${where.port}` : `${where.service}:${where.innerPort}`;
}

export function databaseUrlFor(settings: DockerSettings, hostAndPort: string): string {
  const user = encodeURIComponent(settings.postgresUser);
  const password = encodeURIComponent(settings.postgresPassword);
  return `postgres://${user}:${password}@${hostAndPort}/${encodeURIComponent(settings.postgresDatabase)}`;
}

/** The token the servers present to the translator, when the settings give one (both containers get it). */
function translatorToken(settings: DockerSettings): string[] {
  return settings.translatorToken === undefined
    ? []
    : [`MEESHY_TRANSLATOR_TOKEN=${settings.translatorToken}`];
}

/** The translator image's own metrics port (translator.Dockerfile), used inside a network of its own. */
const TRANSLATOR_METRICS_PORT = 9464;

export function translatorPlan(topology: Topology, settings: DockerSettings): ContainerPlan {
  const { fields, port } = placed(topology, 'translator', settings.networkMode);
  const mode = settings.networkMode;
  const metricsPort =
    mode === 'host'
      ? (place(topology, 'translator').metricsPort ?? TRANSLATOR_METRICS_PORT)
      : TRANSLATOR_METRICS_PORT;
  return {
    ...fields,
    image: settings.translatorImage,
    imageSetting: 'MEESHY_TRANSLATOR_IMAGE',
    env: [
      `MEESHY_TRANSLATOR_HOST=${listenAddress(mode)}`,
      `MEESHY_TRANSLATOR_PORT=${port}`,
      `MEESHY_TRANSLATOR_METRICS_HOST=${listenAddress(mode)}`,
      `MEESHY_TRANSLATOR_METRICS_PORT=${metricsPort}`,
      'MEESHY_DATA_DIR=/data',
      `REDIS_URL=redis://${peer(topology, 'redis', mode)}`,
      ...translatorToken(settings),
    ],
    healthcheck: ['CMD', 'node', '/app/docker/healthcheck.js', 'grpc', `127.0.0.1:${port}`],
    readyWithinSeconds: TRANSLATOR_FIRST_START_SECONDS,
  };
}

export function serverPlan(
  topology: Topology,
  settings: DockerSettings,
  role: 'backend' | 'frontend',
): ContainerPlan {
  const { fields, port } = placed(topology, role, settings.networkMode);
  return {
    ...fields,
    image: settings.serverImage,
    imageSetting: 'MEESHY_SERVER_IMAGE',
    env: [
      `MEESHY_PORT=${port}`,
      `MEESHY_HOST=${listenAddress(settings.networkMode)}`,
      'MEESHY_DATA_DIR=/data',
      `DATABASE_URL=${databaseUrlFor(settings, peer(topology, 'postgres', settings.networkMode))}`,
      `REDIS_URL=redis://${peer(topology, 'redis', settings.networkMode)}`,
      `MEESHY_TRANSLATOR_ADDRESS=${peer(topology, 'translator', settings.networkMode)}`,
      ...translatorToken(settings),
    ],
    healthcheck: ['CMD', 'node', '/app/docker/healthcheck.js', 'http', `http://127.0.0.1:${port}/health`],
  };
}

const MONITORING = path.join(import.meta.dirname, '..', 'monitoring');

/** Prometheus scraping the server and translator, and Grafana with its provisioned source and dashboard. */
export function monitoringPlans(topology: Topology, settings: DockerSettings): ContainerPlan[] {
  const prometheus = place(topology, 'prometheus');
  const grafana = place(topology, 'grafana');
  const host = settings.networkMode === 'host';
  return [
    {
      role: 'prometheus',
      container: prometheus.container,
      image: settings.prometheusImage,
      imageSetting: 'MEESHY_PROMETHEUS_IMAGE',
      env: [],
      cmd: [
        `--config.file=/etc/prometheus/${host ? 'prometheus.host.yml' : 'prometheus.yml'}`,
        `--web.listen-address=${host ? '127.0.0.1' : '0.0.0.0'}:${host ? prometheus.port : prometheus.innerPort}`,
      ],
      port: prometheus.port,
      innerPort: host ? prometheus.port : prometheus.innerPort,
      binds: [`${path.join(MONITORING, 'prometheus')}:/etc/prometheus:ro`],
      healthcheck: [
        'CMD',
        'wget',
        '-q',
        '-O',
        '-',
        `http://127.0.0.1:${host ? prometheus.port : prometheus.innerPort}/-/healthy`,
      ],
    },
    {
      role: 'grafana',
      container: grafana.container,
      image: settings.grafanaImage,
      imageSetting: 'MEESHY_GRAFANA_IMAGE',
      env: [
        `GF_SERVER_HTTP_PORT=${host ? grafana.port : grafana.innerPort}`,
        `PROMETHEUS_URL=http://${host ? `127.0.0.1:${prometheus.port}` : `prometheus:${prometheus.innerPort}`}`,
      ],
      port: grafana.port,
      innerPort: host ? grafana.port : grafana.innerPort,
      binds: [`${path.join(MONITORING, 'grafana')}:/etc/grafana/provisioning:ro`],
      healthcheck: [
        'CMD',
        'wget',
        '-q',
        '-O',
        '-',
        `http://127.0.0.1:${host ? grafana.port : grafana.innerPort}/api/health`,
      ],
    },
  ];
}

/** The data services: what the desktop app's docker mode and `dev:up` start. */
export function dataPlans(topology: Topology, settings: DockerSettings): ContainerPlan[] {
  return [postgresPlan(topology, settings), redisPlan(topology, settings)];
}

/** The whole application: data services, translator, the chat server (API) and the replica serving the client. */
export function applicationPlans(topology: Topology, settings: DockerSettings): ContainerPlan[] {
  return [
    ...dataPlans(topology, settings),
    translatorPlan(topology, settings),
    serverPlan(topology, settings, 'backend'),
    serverPlan(topology, settings, 'frontend'),
  ];
}
