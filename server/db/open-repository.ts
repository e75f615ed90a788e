import type { ChatRepository } from './repository.ts';
import { openSqliteRepository } from './sqlite/repository.ts';

/** What choosing and opening the storage needs from the server's settings. */
export interface StorageSettings {
  /** The SQLite database file (created, with its folder, when missing). */
  databasePath: string;
}

/**
 * The one place that opens the server's storage from its settings, schema brought up to date. Today that
 * is always SQLite; a Postgres implementation plugs in here, chosen by `DATABASE_URL`. Async because
 * opening a database server (connecting, migrating) is, even though opening SQLite is not.
 */
export function openRepository(settings: StorageSettings): Promise<ChatRepository> {
  try {
    return Promise.resolve(openSqliteRepository(settings.databasePath));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
