/**
 * The container topology of the reference (`seed-docker-architecture.md`): service and container names,
 * ports, the two named networks with their subnets and the named volumes, for development and production.
 * The compose files and the orchestration both follow this one description; a test holds the compose files
 * to it.
 */

export type TopologyName = 'dev' | 'prod';
export type Role = 'postgres' | 'redis' | 'translator' | 'backend' | 'frontend' | 'prometheus' | 'grafana';

export interface NamedNetwork {
  name: string;
  subnet: string;
}

export interface ServicePlace {
  /** Service name in the compose file. */
  service: string;
  /** Container name, the same from compose and from the orchestration, so either can reattach. */
  container: string;
  /** Port on the host (and, in host networking, the port the service itself listens on). */
  port: number;
  /** Port the service listens on inside its own network namespace (the image's usual one). */
  innerPort: number;
  /** Named volume and where it is mounted. */
  volume?: { name: string; mountPath: string };
  /** The port of its Prometheus /metrics listener, when it has one of its own (the translator). */
  metricsPort?: number;
}

export interface Topology {
  name: TopologyName;
  /** Compose project name. */
  project: string;
  network: NamedNetwork;
  services: Partial<Record<Role, ServicePlace>>;
}

/** Every container the orchestration creates carries these labels; `status` and `clean` find them by label. */
export const LABEL_TOPOLOGY = 'org.meeshy.topology';
export const LABEL_ROLE = 'org.meeshy.role';

export const PROD_TOPOLOGY: Topology = {
  name: 'prod',
  project: 'meeshy',
  network: { name: 'meeshy-network', subnet: '172.20.0.0/16' },
  services: {
    frontend: { service: 'frontend', container: 'meeshy-frontend', port: 3000, innerPort: 3000 },
    backend: { service: 'backend', container: 'meeshy-backend', port: 3001, innerPort: 3001 },
    translator: {
      service: 'translation-service',
      container: 'meeshy-translation',
      port: 50051,
      innerPort: 50051,
      metricsPort: 9464,
      volume: { name: 'meeshy_translation_models', mountPath: '/data/models' },
    },
    postgres: {
      service: 'postgres',
      container: 'meeshy-postgres',
      port: 5432,
      innerPort: 5432,
      volume: { name: 'meeshy_postgres_data', mountPath: '/var/lib/postgresql/data' },
    },
    redis: {
      service: 'redis',
      container: 'meeshy-redis',
      port: 6379,
      innerPort: 6379,
      volume: { name: 'meeshy_redis_data', mountPath: '/data' },
    },
    prometheus: { service: 'prometheus', container: 'meeshy-prometheus', port: 9090, innerPort: 9090 },
    grafana: { service: 'grafana', container: 'meeshy-grafana', port: 3003, innerPort: 3000 },
  },
};

export const DEV_TOPOLOGY: Topology = {
  name: 'dev',
  project: 'meeshy-dev',
  network: { name: 'meeshy-dev-network', subnet: '172.21.0.0/16' },
  services: {
    frontend: { service: 'frontend-dev', container: 'meeshy-frontend-dev', port: 3001, innerPort: 3001 },
    backend: { service: 'backend-dev', container: 'meeshy-backend-dev', port: 3002, innerPort: 3002 },
    translator: {
      service: 'translation-dev',
      container: 'meeshy-translation-dev',
      port: 50052,
      innerPort: 50052,
      metricsPort: 9465,
      volume: { name: 'meeshy_translation_models_dev', mountPath: '/data/models' },
    },
    postgres: {
      service: 'postgres-dev',
      container: 'meeshy-postgres-dev',
      port: 5433,
      innerPort: 5432,
      volume: { name: 'meeshy_postgres_dev_data', mountPath: '/var/lib/postgresql/data' },
    },
    redis: {
      service: 'redis-dev',
      container: 'meeshy-redis-dev',
      port: 6380,
      innerPort: 6379,
      volume: { name: 'meeshy_redis_dev_data', mountPath: '/data' },
    },
  },
};

export const TOPOLOGIES: Record<TopologyName, Topology> = { dev: DEV_TOPOLOGY, prod: PROD_TOPOLOGY };

export function place(topology: Topology, role: Role): ServicePlace {
  const found = topology.services[role];
  if (!found) throw new Error(`the ${topology.name} topology has no ${role} service`);
  return found;
}
