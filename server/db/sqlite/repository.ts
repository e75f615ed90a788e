import type { ChatRepository } from '../repository.ts';
import { closeSqlite, openSqlite, type SqliteConnection } from './connection.ts';
import { createAttachmentStore } from './attachment-store.ts';
import { createConversationStore } from './conversation-store.ts';
import { GroupCommit } from './group-commit.ts';
import { createMessageStore } from './message-store.ts';
import { applySqliteMigrations } from './migrate.ts';
import { createRefreshTokenStore } from './refresh-token-store.ts';
import { createShareLinkStore } from './share-link-store.ts';
import { createTranslationStore } from './translation-store.ts';
import { createUserStore } from './user-store.ts';

/**
 * better-sqlite3 answers synchronously, so a failing statement throws before any promise exists. Callers
 * rely on the async contract (`.catch`, `await` inside try), so every method turns a throw into a rejection.
 */
function rejectingInsteadOfThrowing<T extends object>(methods: T): T {
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [
      name,
      (...args: unknown[]): unknown => {
        try {
          return (method as (...params: unknown[]) => unknown)(...args);
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    ]),
  ) as T;
}

export function createSqliteRepository(connection: SqliteConnection): ChatRepository {
  const commits = new GroupCommit(connection.sqlite);
  return rejectingInsteadOfThrowing<ChatRepository>({
    ...createUserStore(connection),
    ...createRefreshTokenStore(connection),
    ...createConversationStore(connection),
    ...createMessageStore(connection, commits),
    ...createTranslationStore(connection),
    ...createAttachmentStore(connection),
    ...createShareLinkStore(connection),
    ping() {
      connection.sqlite.prepare('select 1').get();
      return Promise.resolve();
    },
    engine: () => 'sqlite' as const,
    close() {
      // Sends queued in this turn are committed (and answered) before the file closes.
      commits.flush();
      closeSqlite(connection);
      return Promise.resolve();
    },
  });
}

/** Opens (creating if needed) the database file, brings its schema up to date, and wraps it. */
export function openSqliteRepository(file: string): ChatRepository {
  const connection: SqliteConnection = openSqlite(file);
  applySqliteMigrations(connection);
  return createSqliteRepository(connection);
}
