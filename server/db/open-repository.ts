import type { ChatRepository } from './repository.ts';
import { describeDatabaseUrl } from './postgres/connection.ts';
import { openPostgresRepository } from './postgres/repository.ts';
import { openSqliteRepository } from './sqlite/repository.ts';

/** What choosing and opening the storage needs from the server's settings. */
export interface StorageSettings {
  /** The SQLite database file (created, with its folder, when missing); used when there is no databaseUrl. */
  databasePath: string;
  /** `DATABASE_URL`: a postgres:// or postgresql:// URL selects Postgres. */
  databaseUrl?: string | undefined;
  /** Connections of this server's Postgres pool. */
  databasePoolSize?: number;
}

export interface OpenRepositoryOptions {
  /** Where the one-line "cannot reach" reports go. */
  report?: (line: string) => void;
  /** Give up after this many failed attempts to reach Postgres (by default, never: it may start later). */
  maxAttempts?: number;
  /** First wait between attempts; it doubles up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_DATABASE_POOL_SIZE = 10;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one place that opens the server's storage from its settings, schema brought up to date: Postgres
 * when `DATABASE_URL` names one, else the SQLite file. A Postgres that cannot be reached (not started yet,
 * wrong address, refused credentials) is reported in one line saying what and where, and tried again
 * with a growing wait, so that a server started together with its database simply waits for it.
 */
export async function openRepository(
  settings: StorageSettings,
  options: OpenRepositoryOptions = {},
): Promise<ChatRepository> {
  if (!isPostgresUrl(settings.databaseUrl)) {
    try {
      return openSqliteRepository(settings.databasePath);
    } catch (error) {
      throw error instanceof Error ? error : new Error(String(error));
    }
  }
  const url = settings.databaseUrl;
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  let delayMs = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openPostgresRepository({
        url,
        poolSize: settings.databasePoolSize ?? DEFAULT_DATABASE_POOL_SIZE,
      });
    } catch (error) {
      const reason = error instanceof Error ? rootMessage(error) : String(error);
      const last = options.maxAttempts !== undefined && attempt >= options.maxAttempts;
      report(
        `Meeshy server cannot reach Postgres at ${describeDatabaseUrl(url)} (${reason}): check that it is ` +
          `running and that DATABASE_URL's host, port, user, password and database are right; ` +
          (last ? `giving up after ${attempt} attempt(s)` : `retrying in ${Math.round(delayMs / 1000)} s`),
      );
      if (last)
        throw new Error(`Postgres at ${describeDatabaseUrl(url)} is unreachable: ${reason}`, {
          cause: error,
        });
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }
}

/** The innermost cause: drizzle wraps driver errors in "Failed query: …", which says nothing useful here. */
function rootMessage(error: Error): string {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current.message || current.name;
}
