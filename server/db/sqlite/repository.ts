import type { ChatRepository } from '../repository.ts';
import { closeSqlite, openSqlite, type SqliteConnection } from './connection.ts';
import { createConversationStore } from './conversation-store.ts';
import { createMessageStore } from './message-store.ts';
import { applySqliteMigrations } from './migrate.ts';
import { createRefreshTokenStore } from './refresh-token-store.ts';
import { createTranslationStore } from './translation-store.ts';
import { createUserStore } from './user-store.ts';

export function createSqliteRepository(connection: SqliteConnection): ChatRepository {
  return {
    ...createUserStore(connection),
    ...createRefreshTokenStore(connection),
    ...createConversationStore(connection),
    ...createMessageStore(connection),
    ...createTranslationStore(connection),
    ping() {
      connection.sqlite.prepare('select 1').get();
      return Promise.resolve();
    },
    close() {
      closeSqlite(connection);
      return Promise.resolve();
    },
  };
}

/** Opens (creating if needed) the database file, brings its schema up to date, and wraps it. */
export function openSqliteRepository(file: string): ChatRepository {
  const connection: SqliteConnection = openSqlite(file);
  applySqliteMigrations(connection);
  return createSqliteRepository(connection);
}
