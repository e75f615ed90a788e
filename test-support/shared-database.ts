import fs from 'node:fs';
import path from 'node:path';
import type { ChatRepository } from '../server/db/repository.ts';
import { openSqliteRepository } from '../server/db/sqlite/repository.ts';
import { makeTempDir } from './temp-dir.ts';

/** One database that several server replicas open, each with a connection of its own. */
export interface SharedTestDatabase {
  /** A new connection to it, as a replica process would open. */
  openConnection(): Promise<ChatRepository>;
  /** What `server/main.ts` needs to open it (flags). */
  serverArgs: string[];
  remove(): Promise<void>;
}

/**
 * The database replica tests share. SQLite in WAL mode is one database for several connections on one
 * machine (its change counter and idempotency are in the database, not in a process). When the Postgres
 * test helper (test-support/postgres.ts) is merged, this is the one place that picks it instead.
 */
export function sharedTestDatabase(): Promise<SharedTestDatabase> {
  const dataDir = makeTempDir();
  const file = path.join(dataDir, 'db', 'meeshy.sqlite');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return Promise.resolve({
    openConnection: () => Promise.resolve(openSqliteRepository(file)),
    serverArgs: ['--data-dir', dataDir],
    remove: () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}
