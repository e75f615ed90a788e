import {
  optionalSetting,
  readSettings,
  setting,
  type Environment,
  type ValuesOf,
} from '../../settings/reader.ts';
import { oneOf, textSchema } from '../../settings/schemas.ts';

/** Image names and tags, database credentials and how containers are networked: the orchestration's settings. */
export const DOCKER_SETTINGS = {
  dockerHost: setting<string>({
    meaning: 'Docker engine to drive (unix:///path/to/docker.sock or tcp://host:port)',
    env: ['DOCKER_HOST'],
    schema: textSchema,
    default: 'unix:///var/run/docker.sock',
  }),
  networkMode: setting<'topology' | 'host'>({
    meaning:
      "topology: the reference's named networks with published ports; host: containers share the host's network and bind 127.0.0.1 (engines without a bridge)",
    flag: 'network-mode',
    env: ['MEESHY_DOCKER_NETWORK_MODE'],
    schema: oneOf(['topology', 'host'], 'network mode'),
    default: 'topology',
  }),
  postgresImage: setting<string>({
    meaning: 'Image of the Postgres containers',
    env: ['MEESHY_POSTGRES_IMAGE'],
    schema: textSchema,
    default: 'postgres:15-alpine',
  }),
  redisImage: setting<string>({
    meaning: 'Image of the Redis containers',
    env: ['MEESHY_REDIS_IMAGE'],
    schema: textSchema,
    default: 'redis:7-alpine',
  }),
  serverImage: setting<string>({
    meaning: 'Image of the chat server (built from docker/server.Dockerfile by prod:build)',
    env: ['MEESHY_SERVER_IMAGE'],
    schema: textSchema,
    default: 'meeshy/backend:latest',
  }),
  translatorImage: setting<string>({
    meaning: 'Image of the translator (built from docker/translator.Dockerfile by prod:build)',
    env: ['MEESHY_TRANSLATOR_IMAGE'],
    schema: textSchema,
    default: 'meeshy/translator:latest',
  }),
  nodeBaseImage: setting<string>({
    meaning:
      'Base image (with Node 20+) of the server and translator images: build argument NODE_IMAGE of prod:build',
    env: ['MEESHY_NODE_BASE_IMAGE'],
    schema: textSchema,
    default: 'node:20-bookworm-slim',
  }),
  prometheusImage: setting<string>({
    meaning: 'Image of Prometheus (production topology)',
    env: ['MEESHY_PROMETHEUS_IMAGE'],
    schema: textSchema,
    default: 'prom/prometheus:latest',
  }),
  grafanaImage: setting<string>({
    meaning: 'Image of Grafana (production topology)',
    env: ['MEESHY_GRAFANA_IMAGE'],
    schema: textSchema,
    default: 'grafana/grafana:latest',
  }),
  postgresUser: setting<string>({
    meaning: 'Database user created in the Postgres container',
    env: ['POSTGRES_USER'],
    schema: textSchema,
    default: 'meeshy_user',
  }),
  postgresPassword: setting<string>({
    meaning: 'Password of that user (change it in production)',
    env: ['POSTGRES_PASSWORD'],
    schema: textSchema,
    default: 'meeshy_password',
    secret: true,
  }),
  translatorToken: optionalSetting<string>({
    meaning:
      'Token the chat servers present on every translator call, given to both containers (unset: the translator is open to whoever reaches its port)',
    env: ['MEESHY_TRANSLATOR_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
  postgresDatabase: setting<string>({
    meaning: 'Database created in the Postgres container',
    env: ['POSTGRES_DB'],
    schema: textSchema,
    default: 'meeshy',
  }),
};

export type DockerSettings = ValuesOf<typeof DOCKER_SETTINGS>;

export function resolveDockerSettings(argv: readonly string[], env: Environment): DockerSettings {
  return readSettings(DOCKER_SETTINGS, argv, env);
}
