import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { describeWithProgram } from './needs-program.ts';

// A throwaway PostgreSQL server for tests, from Debian's `postgresql` package: initdb into a temporary
// folder, pg_ctl on a free loopback port (socket in that folder too), deleted when stopped. Postgres
// refuses to run as root, so where the runner is root the server runs as the `postgres` user.

const INSTALL_LINE = 'apt-get install postgresql';

/** Debian keeps the server programs off PATH, one folder per major version; the newest wins. */
function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

const BIN_DIR = postgresBinDir();
const program = (name: string) => (BIN_DIR === undefined ? name : path.join(BIN_DIR, name));

/** A `describe` that runs where the Postgres programs are installed (NOT RUN elsewhere, failed under CI). */
export const describeWithPostgres = describeWithProgram(program('initdb'), INSTALL_LINE);

export interface ThrowawayPostgres {
  /** postgres://… for the named database on this server. */
  url(database: string): string;
  /** Creates a database, as a copy of `template` when given (the fast way to a migrated schema). */
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Runs a Postgres program, as the `postgres` user when we are root. */
function runPostgresProgram(name: string, args: readonly string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', program(name), ...args]]
    : [program(name), [...args]];
  execFileSync(command, commandArgs, { stdio: 'pipe' });
}

/**
 * Starts a server tuned for tests (no fsync: a crash of a throwaway server loses nothing that matters),
 * with a `postgres` superuser that needs no password on loopback.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (BIN_DIR === undefined)
    throw new Error(`The Postgres programs are missing; install them with: ${INSTALL_LINE}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meeshy-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:', dataDir]);
  runPostgresProgram('initdb', [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dataDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  runPostgresProgram('pg_ctl', [
    '-D',
    dataDir,
    '-o',
    options,
    '-l',
    path.join(dataDir, 'log'),
    '-w',
    'start',
  ]);
  const url = (database: string) => databaseUrl(`postgres://${SUPERUSER}@127.0.0.1:${port}`, database);
  return {
    url,
    createDatabase: (name, template) => createDatabaseOn(url('postgres'), name, template),
    stop() {
      try {
        runPostgresProgram('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}

/** Set by ./postgres-global-setup.ts: one server for the whole run, with a migrated template database. */
export const SHARED_POSTGRES_ENV = 'MEESHY_TEST_POSTGRES_URL';
export const TEMPLATE_DATABASE = 'meeshy_template';

let databaseCount = 0;

/** A name no other test file (worker process) or test in this one takes. */
export function uniqueDatabaseName(): string {
  databaseCount += 1;
  return `meeshy_${process.pid}_${databaseCount}_${Date.now() % 100_000}`;
}

/** The admin URL of the run's shared server (see ./postgres-global-setup.ts), when there is one. */
export function sharedPostgresUrl(): string | undefined {
  const url = process.env[SHARED_POSTGRES_ENV];
  return url === undefined || url === '' ? undefined : url;
}

/** A fresh database on the run's shared server, a copy of its migrated template (tests on Postgres). */
export function freshMigratedDatabase(): Promise<string> {
  const adminUrl = sharedPostgresUrl();
  if (adminUrl === undefined) {
    throw new Error(`${SHARED_POSTGRES_ENV} is not set: the Postgres global setup did not run`);
  }
  return createDatabaseOn(adminUrl, uniqueDatabaseName(), TEMPLATE_DATABASE);
}

/**
 * In a suite: a fresh empty database per call (`freshDatabase()` returns its URL), on the run's shared
 * server when there is one, else on a server this file starts and stops itself.
 */
export function usePostgres(): { freshDatabase(): Promise<string> } {
  let own: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    if (sharedPostgresUrl() === undefined) own = await startThrowawayPostgres();
  });
  afterAll(async () => {
    await own?.stop();
  });
  return {
    async freshDatabase() {
      const name = uniqueDatabaseName();
      if (own) return own.createDatabase(name);
      return createDatabaseOn(sharedPostgresUrl() ?? '', name);
    },
  };
}

/** Creates a database through an admin connection, as a copy of `template` when given. */
export async function createDatabaseOn(adminUrl: string, name: string, template?: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const from = template === undefined ? '' : ` template "${template}"`;
    await admin.query(`create database "${name}"${from}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

/** The same server's URL for another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
