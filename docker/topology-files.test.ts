import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SERVER_SETTINGS } from '../server/settings.ts';
import type { SettingsDeclaration } from '../settings/reader.ts';
import { HUGE_PAGE_TUNABLE } from '../stack/translator-env.ts';
import { TRANSLATOR_SETTINGS } from '../translator/config.ts';
import { DOCKER_SETTINGS } from './orchestrator/docker-settings.ts';
import { DEV_TOPOLOGY, PROD_TOPOLOGY, type Topology } from './orchestrator/topology.ts';
import { VERBS } from './verbs.ts';

interface ComposeFile {
  services: Record<
    string,
    { container_name?: string; ports?: string[]; networks?: string[]; volumes?: string[]; restart?: string }
  >;
  networks: Record<string, { name: string; ipam: { config: { subnet: string }[] } }>;
  volumes: Record<string, { name: string }>;
}

const read = (file: string) =>
  parse(fs.readFileSync(path.join(import.meta.dirname, file), 'utf8'), { merge: true }) as ComposeFile;

/** What the reference (seed-docker-architecture.md) fixes: host ports, networks and subnets, volume names. */
const REFERENCE = {
  prod: {
    file: 'docker-compose.prod.yml',
    topology: PROD_TOPOLOGY,
    ports: {
      frontend: 3000,
      backend: 3001,
      'translation-service': 50051,
      postgres: 5432,
      redis: 6379,
      prometheus: 9090,
      grafana: 3003,
    },
    network: { name: 'meeshy-network', subnet: '172.20.0.0/16' },
    volumes: ['meeshy_postgres_data', 'meeshy_redis_data', 'meeshy_translation_models'],
  },
  dev: {
    file: 'docker-compose.dev.yml',
    topology: DEV_TOPOLOGY,
    ports: {
      'frontend-dev': 3001,
      'backend-dev': 3002,
      'translation-dev': 50052,
      'postgres-dev': 5433,
      'redis-dev': 6380,
    },
    network: { name: 'meeshy-dev-network', subnet: '172.21.0.0/16' },
    volumes: ['meeshy_postgres_dev_data', 'meeshy_redis_dev_data', 'meeshy_translation_models_dev'],
  },
} as const;

function hostPort(mapping: string): number {
  return Number(mapping.split(':')[0]);
}

describe.each(Object.entries(REFERENCE))('%s compose file', (_name, reference) => {
  const compose = read(reference.file);
  const topology: Topology = reference.topology;

  it('publishes each service of the reference on its port, with a restart policy and the named network', () => {
    const published = Object.fromEntries(
      Object.entries(compose.services).map(([service, spec]) => [service, hostPort(spec.ports?.[0] ?? '0')]),
    );
    expect(published).toEqual(reference.ports);
    for (const [service, spec] of Object.entries(compose.services)) {
      expect(spec.restart, service).toBe('unless-stopped');
      expect(spec.networks, service).toEqual([Object.keys(compose.networks)[0]]);
    }
  });

  it('has the named network with its subnet and the named volumes', () => {
    expect(
      Object.values(compose.networks).map((network) => [network.name, network.ipam.config[0]?.subnet]),
    ).toEqual([[reference.network.name, reference.network.subnet]]);
    expect(Object.values(compose.volumes).map((volume) => volume.name)).toEqual(
      expect.arrayContaining([...reference.volumes]),
    );
  });

  it('agrees with the topology the orchestration creates (names, ports, volumes, network)', () => {
    expect(topology.network).toEqual(reference.network);
    for (const where of Object.values(topology.services)) {
      const spec = compose.services[where.service];
      expect(spec, where.service).toBeDefined();
      expect(spec?.container_name).toBe(where.container);
      expect(spec?.ports?.[0]).toBe(`${where.port}:${where.innerPort}`);
      if (where.volume) {
        const mounted = spec?.volumes?.map((line) => line.split(':')) ?? [];
        const entry = mounted.find(([, target]) => target === where.volume?.mountPath);
        expect(entry && compose.volumes[entry[0] ?? '']?.name, where.service).toBe(where.volume.name);
      }
    }
  });
});

describe('npm run docker', () => {
  it('lists every verb of the reference in help', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), 'help'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    const verbs = [
      'dev:up',
      'dev:down',
      'dev:logs',
      'dev:status',
      'dev:clean',
      'prod:build',
      'prod:up',
      'prod:down',
      'prod:logs',
      'prod:restart',
      'db:migrate',
      'db:seed',
      'db:reset',
      'status',
      'health',
      'clean:all',
      'help',
    ];
    expect(VERBS.map((verb) => verb.name)).toEqual(verbs);
    for (const verb of verbs) expect(result.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
  });

  it('asks before a destructive verb and does nothing without a yes', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), 'clean:all'],
      {
        encoding: 'utf8',
        input: '',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('clean:all: not confirmed, nothing done (--yes skips the question).\n');
  });

  it('says in one line, with a non-zero exit, that no engine answers', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), 'dev:status'],
      {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^dev:status failed: No Docker engine answers at unix:\/\/\/nonexistent\/docker.sock .*\n$/,
    );
  });
});

describe('.env.production.example', () => {
  it('lists every setting the server, the translator and the orchestration read', () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '..', '.env.production.example'), 'utf8');
    const declarations: SettingsDeclaration[] = [SERVER_SETTINGS, TRANSLATOR_SETTINGS, DOCKER_SETTINGS];
    const variables = declarations.flatMap((declaration) =>
      Object.values(declaration).flatMap((declared) => declared.env ?? []),
    );
    const missing = [...new Set(variables)].filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(text));
    expect(missing).toEqual([]);
  });
});

describe('translator.Dockerfile', () => {
  it('gives the translator the huge pages the desktop stack gives it', () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, 'translator.Dockerfile'), 'utf8');
    expect(text).toMatch(new RegExp(`^ENV GLIBC_TUNABLES=${HUGE_PAGE_TUNABLE.replaceAll('.', '\\.')}$`, 'm'));
  });
});
