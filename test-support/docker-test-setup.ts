import type Docker from 'dockerode';
import { postgresPlan, redisPlan, type ContainerPlan } from '../docker/orchestrator/container-plans.ts';
import { resolveDockerSettings, type DockerSettings } from '../docker/orchestrator/docker-settings.ts';
import { Orchestrator } from '../docker/orchestrator/orchestrator.ts';
import {
  DEV_TOPOLOGY,
  place,
  type Role,
  type ServicePlace,
  type Topology,
} from '../docker/orchestrator/topology.ts';
import { freeLoopbackPort } from '../stack/free-port.ts';
import { POSTGRES_BASE_IMAGE, REDIS_BASE_IMAGE } from './docker-base-images.ts';
import { startTestDockerEngine, type TestDockerEngine } from './docker-engine.ts';
import { ensureBaseImage } from './docker-images.ts';

/** One engine with the Debian-built Postgres and Redis images, and an orchestration in host networking. */
export interface DockerTestBed {
  engine: TestDockerEngine;
  docker: Docker;
  settings: DockerSettings;
  orchestrator: Orchestrator;
  dockerHost: string;
  env: Record<string, string>;
}

export async function startDockerTestBed(
  engineOptions: Parameters<typeof startTestDockerEngine>[0] = {},
): Promise<DockerTestBed> {
  const engine = await startTestDockerEngine(engineOptions);
  try {
    const postgresImage = await ensureBaseImage(engine.docker, POSTGRES_BASE_IMAGE);
    const redisImage = await ensureBaseImage(engine.docker, REDIS_BASE_IMAGE);
    const dockerHost = `unix://${engine.socketPath}`;
    const env = {
      DOCKER_HOST: dockerHost,
      MEESHY_DOCKER_NETWORK_MODE: 'host',
      MEESHY_POSTGRES_IMAGE: postgresImage,
      MEESHY_REDIS_IMAGE: redisImage,
    };
    const settings = resolveDockerSettings([], env);
    const orchestrator = new Orchestrator(settings, () => undefined, engine.docker);
    return { engine, docker: engine.docker, settings, orchestrator, dockerHost, env };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

/** A service of a topology on free ports, with its own container and volume names. */
async function renamedPlace(topology: Topology, role: Role, suffix: string): Promise<ServicePlace> {
  const where = place(topology, role);
  return {
    ...where,
    container: `${where.container}-${suffix}`,
    port: await freeLoopbackPort(),
    ...(where.volume ? { volume: { ...where.volume, name: `${where.volume.name}_${suffix}` } } : {}),
    ...(where.metricsPort === undefined ? {} : { metricsPort: await freeLoopbackPort() }),
  };
}

/** Some services of a topology (by default the development one's data services) on free ports, with names of their own (tests never collide). */
export async function testTopology(
  suffix: string,
  roles: Role[] = ['postgres', 'redis'],
  topology: Topology = DEV_TOPOLOGY,
): Promise<Topology> {
  const services: Topology['services'] = {};
  for (const role of roles) services[role] = await renamedPlace(topology, role, suffix);
  return { ...topology, services };
}

export function testDataPlans(bed: DockerTestBed, topology: Topology): [ContainerPlan, ContainerPlan] {
  return [postgresPlan(topology, bed.settings), redisPlan(topology, bed.settings)];
}
