import fs from 'node:fs';
import path from 'node:path';
import type { BaseImageRecipe } from './docker-images.js';

/**
 * The Postgres and Redis images the Docker suites run, built from Debian packages. They follow the official
 * `postgres` and `redis` images' interface (POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB, PGDATA, the command
 * `postgres -c …` / `redis-server …`), so the orchestration treats them exactly like the production images.
 */

const POSTGRES_ENTRYPOINT = `#!/bin/sh
# Like the official image: initialise PGDATA on first start with the given user, password and database,
# then run the command as the postgres user.
set -e
: "\${PGDATA:=/var/lib/postgresql/data}"
: "\${POSTGRES_USER:=postgres}"
: "\${POSTGRES_DB:=$POSTGRES_USER}"
mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "\${POSTGRES_PASSWORD:-postgres}" > /tmp/pwfile
  chown postgres /tmp/pwfile
  as_postgres initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth=scram-sha-256 --auth-local=trust >/dev/null
  rm -f /tmp/pwfile
  if [ "$POSTGRES_DB" != "postgres" ]; then
    as_postgres postgres --single -D "$PGDATA" -j postgres <<SQL >/dev/null
CREATE DATABASE "$POSTGRES_DB" OWNER "$POSTGRES_USER";
SQL
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
`;

export const POSTGRES_BASE_IMAGE: BaseImageRecipe = {
  name: 'meeshy-test/postgres',
  debianPackages: ['postgresql-15', 'postgresql-client-15'],
  files: { '/usr/local/bin/docker-entrypoint.sh': POSTGRES_ENTRYPOINT },
  changes: [
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'ENV PGDATA=/var/lib/postgresql/data',
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]',
    'CMD ["postgres"]',
  ],
};

export const REDIS_BASE_IMAGE: BaseImageRecipe = {
  name: 'meeshy-test/redis',
  debianPackages: ['redis-server'],
  files: {},
  changes: ['WORKDIR /data', 'CMD ["redis-server", "--protected-mode", "no"]'],
};

/**
 * Prometheus from Debian's package, shaped like the official `prom/prometheus` image the production
 * topology names: the binary as entrypoint (the plan passes only flags), its data under the working folder,
 * and wget for the plan's health check.
 */
export const PROMETHEUS_BASE_IMAGE: BaseImageRecipe = {
  name: 'meeshy-test/prometheus',
  debianPackages: ['prometheus', 'wget'],
  files: {},
  changes: [
    'WORKDIR /prometheus',
    'ENTRYPOINT ["/usr/bin/prometheus"]',
    'CMD ["--config.file=/etc/prometheus/prometheus.yml"]',
  ],
};

/** Debian's bundle of trusted certificates (with any a local administrator added). */
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** This machine's npm (its folder beside Node's). */
function hostNpmFolder(): string {
  const besideNode = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  return fs.realpathSync(besideNode);
}

/**
 * The base image of the server and translator images (their Dockerfiles' NODE_IMAGE). Debian 12's own
 * nodejs is 18, below the project's `engines` (>=20.19), and Debian 13's would be another suite to
 * bootstrap and another Node than the one the suites run on; so the image is the same bookworm minbase
 * with this machine's Node binary, its headers (native addons such as better-sqlite3 compile against them:
 * their prebuilt binaries come from GitHub, unreachable here) and npm copied in, plus the toolchain that
 * compilation needs. The Node version is part of the recipe, so a new Node builds a new image.
 */
export const NODE_BASE_IMAGE: BaseImageRecipe = {
  name: 'meeshy-test/node',
  debianPackages: ['ca-certificates', 'python3', 'make', 'g++'],
  files: {},
  hostCopies: {
    [process.execPath]: '/usr/local/bin/node',
    [path.join(path.dirname(process.execPath), '..', 'include', 'node')]: '/usr/local/include/node',
    [hostNpmFolder()]: '/usr/local/lib/node_modules/npm',
    // What this machine trusts: npm in the build reaches the registry through the same TLS-inspecting
    // proxy, if there is one, as the host's npm does.
    [HOST_CA_BUNDLE]: HOST_CA_BUNDLE,
  },
  symlinks: {
    '/usr/local/bin/npm': '../lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/bin/npx': '../lib/node_modules/npm/bin/npx-cli.js',
  },
  changes: [
    `ENV NODE_VERSION=${process.version}`,
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    // node-gyp finds the headers here instead of downloading them.
    'ENV npm_config_nodedir=/usr/local',
    `ENV NODE_EXTRA_CA_CERTS=${HOST_CA_BUNDLE}`,
    'CMD ["node"]',
  ],
};
