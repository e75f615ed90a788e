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
