import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ATTACHMENT_KINDS } from '../../../contract/attachments.ts';
import { MODEL_TIERS } from '../../../contract/translations.ts';
import { SERVER_ROLES } from '../../../contract/users.ts';

/** Timestamps are ISO-8601 strings in UTC: sortable, readable in the SQLite shell, and identical in Postgres. */
const timestamp = (name: string) => text(name);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    /** Lower-cased copy that makes usernames unique regardless of case. */
    usernameKey: text('username_key').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    systemLanguage: text('system_language').notNull().default('en'),
    regionalLanguage: text('regional_language'),
    customDestinationLanguage: text('custom_destination_language'),
    autoTranslateEnabled: integer('auto_translate_enabled', { mode: 'boolean' }).notNull().default(true),
    translateToSystemLanguage: integer('translate_to_system_language', { mode: 'boolean' })
      .notNull()
      .default(true),
    translateToRegionalLanguage: integer('translate_to_regional_language', { mode: 'boolean' })
      .notNull()
      .default(false),
    useCustomDestination: integer('use_custom_destination', { mode: 'boolean' }).notNull().default(false),
    /** JSON array of language codes read without translation. */
    readLanguages: text('read_languages', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    lastSeenAt: timestamp('last_seen_at'),
    /** The first account is the owner (set in the insert itself); see SERVER_ROLES. */
    role: text('role', { enum: SERVER_ROLES }).notNull().default('member'),
    /**
     * Set for a guest (contract/join.ts): the one conversation they joined by link, without an account.
     * Guests cannot sign in with a password and are never found by user search.
     */
    guestConversationId: text('guest_conversation_id'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_username_key_unique').on(table.usernameKey),
    uniqueIndex('users_email_unique').on(table.email),
  ],
);

/** Why a sign-in ended; null while it is open. */
export const sessionEndReasonValues = ['signed-out', 'revoked', 'expired'] as const;

/**
 * One row per sign-in (its id is the refresh-token family id, and the `sid` claim of every access token
 * issued under it). Requests look a sign-in up by primary key, so ending one here stops its access
 * tokens on every server sharing this database at once.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
    /**
     * What lets the user recognise this sign-in in their list of devices ("Chromium on Linux"), derived
     * from the User-Agent at sign-in; null for sign-ins made before labels were recorded.
     */
    deviceLabel: text('device_label'),
    /**
     * When this sign-in last refreshed its tokens (or started): updated on refresh, not on every request,
     * so reading a page costs no write. Null only in rows older than this column, which the migration fills.
     */
    lastUsedAt: timestamp('last_used_at'),
    endedAt: timestamp('ended_at'),
    endReason: text('end_reason', { enum: sessionEndReasonValues }),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Every token issued from one sign-in shares a family; reuse of a rotated token revokes the family. */
    familyId: text('family_id').notNull(),
    /** SHA-256 of the token: a stolen database does not yield usable tokens. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    rotatedAt: timestamp('rotated_at'),
    revokedAt: timestamp('revoked_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('refresh_tokens_hash_unique').on(table.tokenHash),
    index('refresh_tokens_family_idx').on(table.familyId),
  ],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['direct', 'group', 'global'] }).notNull(),
    title: text('title'),
    description: text('description'),
    /** For direct conversations: the two user ids, sorted and joined, so a pair has one conversation only. */
    directKey: text('direct_key'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    lastMessageAt: timestamp('last_message_at'),
  },
  (table) => [uniqueIndex('conversations_direct_key_unique').on(table.directKey)],
);

export const conversationMembers = sqliteTable(
  'conversation_members',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'moderator', 'member'] }).notNull(),
    joinedAt: timestamp('joined_at').notNull(),
    /** Seq of the last message this member has read; unread = later messages from others. */
    lastReadSeq: integer('last_read_seq').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.conversationId, table.userId] }),
    index('conversation_members_user_idx').on(table.userId),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderId: text('sender_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientMessageId: text('client_message_id').notNull(),
    content: text('content').notNull(),
    originalLanguage: text('original_language'),
    replyToId: text('reply_to_id'),
    /** Taken from the change counter at insert: the order of messages, never changes. */
    seq: integer('seq').notNull(),
    /** Taken from the change counter at every change: what a reconnecting client resyncs from. */
    version: integer('version').notNull(),
    createdAt: timestamp('created_at').notNull(),
    editedAt: timestamp('edited_at'),
    deletedAt: timestamp('deleted_at'),
  },
  (table) => [
    uniqueIndex('messages_client_id_unique').on(table.conversationId, table.senderId, table.clientMessageId),
    index('messages_conversation_seq_idx').on(table.conversationId, table.seq),
    uniqueIndex('messages_version_unique').on(table.version),
  ],
);

export const reactions = sqliteTable(
  'reactions',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.userId, table.emoji] })],
);

/** One row: the last value handed out by the change counter behind `messages.seq` and `messages.version`. */
export const changeCounter = sqliteTable('change_counter', {
  id: integer('id').primaryKey(),
  value: integer('value').notNull(),
});

/** One translation of one message into one language; a re-translation replaces the row. */
export const messageTranslations = sqliteTable(
  'message_translations',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    targetLanguage: text('target_language').notNull(),
    sourceLanguage: text('source_language').notNull(),
    content: text('content').notNull(),
    tier: text('tier', { enum: MODEL_TIERS }).notNull(),
    model: text('model').notNull(),
    confidence: real('confidence'),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.targetLanguage] })],
);

/**
 * Translation work that survives restarts of the server and of the translator. A job without a target
 * language fans out: it settles the source language and creates one job per reader language. A job is
 * deleted once its result is stored or it has failed for good.
 */
export const translationJobs = sqliteTable(
  'translation_jobs',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    targetLanguage: text('target_language'),
    tier: text('tier', { enum: MODEL_TIERS }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at').notNull(),
    /** The server replica working on it, until its lease expires (then another may take it over). */
    claimedBy: text('claimed_by'),
    claimExpiresAt: timestamp('claim_expires_at'),
  },
  (table) => [
    index('translation_jobs_due_idx').on(table.nextAttemptAt),
    index('translation_jobs_message_idx').on(table.messageId),
  ],
);

/**
 * The bytes of an attached file, stored once per content hash however many messages carry it (in the
 * attachment store, under the hash). Removed with its files once no attachment refers to it.
 */
export const attachmentBlobs = sqliteTable('attachment_blobs', {
  /** sha256 of the bytes, hex. */
  hash: text('hash').primaryKey(),
  sizeBytes: integer('size_bytes').notNull(),
  /** Sniffed from the bytes. */
  mimeType: text('mime_type').notNull(),
  width: integer('width'),
  height: integer('height'),
  hasThumbnail: integer('has_thumbnail', { mode: 'boolean' }).notNull(),
  createdAt: timestamp('created_at').notNull(),
});

/**
 * One file of one message. Uploaded before its message exists (message_id null until the send), tied to it
 * by the uploader's client message id and its position, which is what makes a retried upload land on the
 * same row.
 */
export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    uploaderId: text('uploader_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientMessageId: text('client_message_id').notNull(),
    position: integer('position').notNull(),
    messageId: text('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    blobHash: text('blob_hash')
      .notNull()
      .references(() => attachmentBlobs.hash),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('attachments_upload_unique').on(table.uploaderId, table.clientMessageId, table.position),
    index('attachments_message_idx').on(table.messageId),
    index('attachments_blob_idx').on(table.blobHash),
  ],
);

/**
 * A group's share links. Only the SHA-256 of a link's code is kept: a copy of the database does not let
 * anyone join. `use_count` is raised by the join itself, under the link's conditions, in one statement.
 */
export const shareLinks = sqliteTable(
  'share_links',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    /** The code's first characters, shown to admins so they can tell their links apart. */
    hint: text('hint').notNull(),
    label: text('label'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull(),
    expiresAt: timestamp('expires_at'),
    maxUses: integer('max_uses'),
    useCount: integer('use_count').notNull().default(0),
    revokedAt: timestamp('revoked_at'),
  },
  (table) => [
    uniqueIndex('share_links_code_hash_unique').on(table.codeHash),
    index('share_links_conversation_idx').on(table.conversationId),
  ],
);
