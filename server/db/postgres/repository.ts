import { sql } from 'drizzle-orm';
import type { ChatRepository } from '../repository.ts';
import { openPostgres, type PgConnection, type PgConnectionOptions } from './connection.ts';
import { createAttachmentStore } from './attachment-store.ts';
import { createConversationStore } from './conversation-store.ts';
import { createMessageStore } from './message-store.ts';
import { applyPostgresMigrations } from './migrate.ts';
import { createRefreshTokenStore } from './refresh-token-store.ts';
import { createShareLinkStore } from './share-link-store.ts';
import { createTranslationStore } from './translation-store.ts';
import { createUserStore } from './user-store.ts';

export function createPostgresRepository(connection: PgConnection): ChatRepository {
  let closing: Promise<void> | undefined;
  return {
    ...createUserStore(connection),
    ...createRefreshTokenStore(connection),
    ...createConversationStore(connection),
    ...createMessageStore(connection),
    ...createTranslationStore(connection),
    ...createAttachmentStore(connection),
    ...createShareLinkStore(connection),
    async ping() {
      await connection.db.execute(sql`select 1`);
    },
    engine: () => 'postgres' as const,
    /** Closing twice is harmless, as with SQLite (the pool refuses a second `end`). */
    close() {
      closing ??= connection.pool.end();
      return closing;
    },
  };
}

/** Connects a pool, brings the schema up to date, and wraps it; the pool is closed again if that fails. */
export async function openPostgresRepository(options: PgConnectionOptions): Promise<ChatRepository> {
  const connection = openPostgres(options);
  try {
    await applyPostgresMigrations(connection);
  } catch (error) {
    await connection.pool.end();
    throw error;
  }
  return createPostgresRepository(connection);
}
