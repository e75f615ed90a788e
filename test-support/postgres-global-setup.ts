import { openPostgresRepository } from '../server/db/postgres/repository.ts';
import { SHARED_POSTGRES_ENV, startThrowawayPostgres, TEMPLATE_DATABASE } from './postgres.ts';
import { testDatabaseKind } from './test-database.ts';

/**
 * vitest global setup: when the run is on Postgres (`MEESHY_TEST_DATABASE=postgres`), one throwaway
 * server for the whole run, with a migrated template database; each test app then gets its own copy
 * (`CREATE DATABASE … TEMPLATE`, milliseconds) instead of a server or a migration of its own. Workers
 * find the server through an environment variable, which they inherit from this process.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (testDatabaseKind() !== 'postgres' || process.env[SHARED_POSTGRES_ENV]) return undefined;
  const server = await startThrowawayPostgres();
  const templateUrl = await server.createDatabase(TEMPLATE_DATABASE);
  const repository = await openPostgresRepository({ url: templateUrl, poolSize: 1 });
  await repository.close();
  process.env[SHARED_POSTGRES_ENV] = server.url('postgres');
  return () => server.stop();
}
