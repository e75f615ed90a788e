import type { ChatRepository } from '../repository.ts';
import { counterOf } from './change-counter.ts';
import { checkAfterUncleanShutdown, markCleanShutdown } from './clean-shutdown.ts';
import { closeSqlite, openSqlite, type SqliteConnection } from './connection.ts';
import { createAttachmentStore } from './attachment-store.ts';
import { DEFAULT_MAINTENANCE, startMaintenance, type MaintenanceOptions } from './maintenance.ts';
import { createConversationStore } from './conversation-store.ts';
import { GroupCommit } from './group-commit.ts';
import { withMembershipCache } from './membership-cache.ts';
import { createMessageStore } from './message-store.ts';
import { applySqliteMigrations } from './migrate.ts';
import { createRefreshTokenStore } from './refresh-token-store.ts';
import { createShareLinkStore } from './share-link-store.ts';
import { SearchIndex } from './search-index.ts';
import { createSearchStore } from './search-store.ts';
import { createTranslationStore } from './translation-store.ts';
import { createUserStore } from './user-store.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { walSyncerOf, type WalSync } from './wal-sync.ts';

/**
 * Every method of the repository goes through this one wrapper, which:
 * - turns a throw into a rejection: better-sqlite3 answers synchronously, so a failing statement throws
 *   before any promise exists, and callers rely on the async contract (`.catch`, `await` inside try);
 * - after a failed WAL sync, refuses with that failure until the server restarts: nothing later on this file
 *   can be vouched for (group-commit.ts), a write committed now could be dropped at recovery with the frames
 *   that did not reach the disk. Except the methods that report it (`probeWrite`, for /health) or shut down
 *   (`close`).
 */
function guarded<T extends object>(
  methods: T,
  failedSync: () => Error | undefined,
  exempt: readonly string[],
): T {
  return Object.fromEntries(
    Object.entries(methods).map(([name, method]) => {
      const fenced = !exempt.includes(name);
      return [
        name,
        (...args: unknown[]): unknown => {
          try {
            const failure = fenced ? failedSync() : undefined;
            if (failure) return Promise.reject(failure);
            return (method as (...params: unknown[]) => unknown)(...args);
          } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      ];
    }),
  ) as T;
}

export interface SqliteServerOptions {
  /** Background checkpoints and daily backups (see maintenance.ts); their timing can be overridden. */
  maintenance?: Partial<MaintenanceOptions>;
}

export interface SqliteStorageOptions {
  /**
   * Replaces the `fdatasync` of the WAL that answers each group commit (tests delay or fail it to check
   * that nothing is answered before it).
   */
  syncWal?: WalSync;
  /** Where a failed sync is reported (the maintenance's report for a server's database; stderr otherwise). */
  report?: (line: string) => void;
  /** How long the search worker gathers commits before indexing them (tests hold it back: search-index.ts). */
  searchGatherMs?: number;
}

export function createSqliteRepository(
  connection: SqliteConnection,
  onClosed: () => void = () => undefined,
  storage: SqliteStorageOptions = {},
): ChatRepository {
  // Only a WAL database gets its syncs off the event loop (see group-commit.ts); ':memory:' has no file.
  const inWal = connection.sqlite.pragma('journal_mode', { simple: true }) === 'wal';
  const syncer = inWal ? walSyncerOf(connection.sqlite.name) : undefined;
  const report = storage.report ?? DEFAULT_MAINTENANCE.report;
  const searchIndex = new SearchIndex(
    connection.sqlite.name,
    counterOf(connection.db).peek() - 1,
    report,
    storage.searchGatherMs,
  );
  const checkpointer = inWal ? new WalCheckpointer(connection.sqlite, report) : undefined;
  const commits = new GroupCommit(
    connection.sqlite,
    inWal ? (storage.syncWal ?? syncer?.sync) : undefined,
    report,
    (writes) => {
      searchIndex.changed();
      checkpointer?.committed(writes);
    },
  );
  const probe = connection.sqlite.prepare(
    'insert into health_probe (id, checked_at) values (1, ?) on conflict (id) do update set checked_at = excluded.checked_at',
  );
  const methods: ChatRepository = {
    ...createUserStore(connection),
    ...createRefreshTokenStore(connection),
    ...createConversationStore(connection, commits),
    ...createMessageStore(connection, commits),
    ...createTranslationStore(connection),
    ...createAttachmentStore(connection),
    ...createShareLinkStore(connection),
    ...createSearchStore(connection, commits, searchIndex),
    ping() {
      connection.sqlite.prepare('select 1').get();
      return Promise.resolve();
    },
    engine: () => 'sqlite' as const,
    probeWrite() {
      probe.run(new Date().toISOString());
      // A database whose WAL sync failed refuses every send until the server restarts: /health says so.
      return commits.whenDurable();
    },
    async close() {
      // Sends queued in this turn are committed, synced and answered before the file closes; the WAL's
      // handle is closed before the last connection deletes the file.
      await commits.drain();
      // Their connections use the chat database: closed first, so that ours is the last and checkpoints.
      await searchIndex.close();
      await checkpointer?.close();
      await syncer?.close();
      const wasOpen = connection.sqlite.open;
      closeSqlite(connection);
      if (wasOpen) onClosed();
    },
  };
  // The cache sits inside the guard: after a failed sync its answers are refused like the database's.
  return guarded(withMembershipCache(methods), () => commits.failedSync(), ['probeWrite', 'close', 'engine']);
}

/**
 * Opens (creating if needed) the database file, brings its schema up to date, and wraps it. A server's own
 * database (`server` given) is also checked after an unclean shutdown, backed up daily and checkpointed
 * when idle; tests that open a file as a second replica leave those to the first.
 */
export function openSqliteRepository(
  file: string,
  server?: SqliteServerOptions,
  storage: SqliteStorageOptions = {},
): ChatRepository {
  const connection: SqliteConnection = openSqlite(file);
  if (server === undefined) {
    applySqliteMigrations(connection);
    return createSqliteRepository(connection, undefined, storage);
  }
  const maintenance = { ...DEFAULT_MAINTENANCE, ...server.maintenance };
  try {
    checkAfterUncleanShutdown(connection.sqlite, maintenance.report);
    applySqliteMigrations(connection);
  } catch (error) {
    // Closed without the clean-shutdown steps: a database refused here stays exactly as it was found.
    connection.sqlite.close();
    throw error;
  }
  const stopMaintenance = startMaintenance(connection.sqlite, maintenance);
  return createSqliteRepository(
    connection,
    () => {
      stopMaintenance();
      markCleanShutdown(file);
    },
    { report: maintenance.report, ...storage },
  );
}
