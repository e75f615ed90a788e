import type { AttachmentRecordStore } from './stores/attachments.ts';
import type { ConversationStore } from './stores/conversations.ts';
import type { MessageStore } from './stores/messages.ts';
import type { ShareLinkStore } from './stores/share-links.ts';
import type { RefreshTokenStore } from './stores/sign-ins.ts';
import type { TranslationStore } from './stores/translations.ts';
import type { UserStore } from './stores/users.ts';

// Code that needs one store imports it from `./stores/`; these re-exports keep the older imports working.
export * from './stores/attachments.ts';
export * from './stores/conversations.ts';
export * from './stores/messages.ts';
export * from './stores/share-links.ts';
export * from './stores/sign-ins.ts';
export * from './stores/translations.ts';
export * from './stores/users.ts';

/**
 * The server's whole storage: one interface per store (see `./stores/`), composed. Routes and services
 * depend on these interfaces only, so a second implementation (Postgres) can follow without touching
 * them. Every method is async for that reason, even though better-sqlite3 answers synchronously.
 * `openRepository` (./open-repository.ts) is the one place that picks the implementation.
 */
export interface ChatRepository
  extends
    UserStore,
    RefreshTokenStore,
    ConversationStore,
    MessageStore,
    TranslationStore,
    AttachmentRecordStore,
    ShareLinkStore {
  /** Cheap round trip for health checks; throws when the database is unusable. */
  ping(): Promise<void>;
  /**
   * Which engine: a SQLite file is one server's alone (the data-folder lock), a Postgres database may be
   * shared by replicas.
   */
  engine(): 'sqlite' | 'postgres';
  close(): Promise<void>;
}
