import type { ChatRepository } from '../server/db/repository.ts';
import { openPostgresRepository } from '../server/db/postgres/repository.ts';
import { usePostgres } from './postgres.ts';

/** One database that several server replicas open, each with a pool of its own. */
export interface SharedTestDatabase {
  /** A new connection to it, as a replica process would open. */
  openConnection(): Promise<ChatRepository>;
  /** What a server process (`server/main.ts`) needs in its environment to open it. */
  serverEnv: Record<string, string>;
}

/**
 * In a suite: a fresh database per call, for replicas to share. Postgres, whatever the run's database: a
 * SQLite folder is one server's alone (the data-folder lock refuses a second), Postgres is what replicas
 * share. The database lives on the run's (or this suite's) throwaway server, removed with it.
 */
export function useSharedTestDatabase(): () => Promise<SharedTestDatabase> {
  const postgres = usePostgres();
  return async () => {
    const url = await postgres.freshDatabase();
    return {
      openConnection: () => openPostgresRepository({ url, poolSize: 4 }),
      serverEnv: { DATABASE_URL: url },
    };
  };
}
