import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ATTACHMENT_KINDS } from '../../../contract/attachments.ts';
import { MODEL_TIERS } from '../../../contract/translations.ts';
import { SERVER_ROLES } from '../../../contract/users.ts';
import { isoTimestamp as timestamp } from './iso-timestamp.ts';

// The Postgres twin of ../sqlite/schema.ts: the same tables, columns, keys and indexes (the comments there
// say what each one is for). Where Postgres has the better type it is used: timestamptz for times,
// boolean, jsonb for lists, bigint for the change counter. Keep the two files in step.

const changeNumber = (name: string) => bigint(name, { mode: 'number' });

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    usernameKey: text('username_key').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    systemLanguage: text('system_language').notNull().default('en'),
    regionalLanguage: text('regional_language'),
    customDestinationLanguage: text('custom_destination_language'),
    autoTranslateEnabled: boolean('auto_translate_enabled').notNull().default(true),
    translateToSystemLanguage: boolean('translate_to_system_language').notNull().default(true),
    translateToRegionalLanguage: boolean('translate_to_regional_language').notNull().default(false),
    useCustomDestination: boolean('use_custom_destination').notNull().default(false),
    readLanguages: jsonb('read_languages')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lastSeenAt: timestamp('last_seen_at'),
    role: text('role', { enum: SERVER_ROLES }).notNull().default('member'),
    guestConversationId: text('guest_conversation_id'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_username_key_unique').on(table.usernameKey),
    uniqueIndex('users_email_unique').on(table.email),
  ],
);

export const sessionEndReasonValues = ['signed-out', 'revoked', 'expired'] as const;

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at').notNull(),
    deviceLabel: text('device_label'),
    lastUsedAt: timestamp('last_used_at'),
    endedAt: timestamp('ended_at'),
    endReason: text('end_reason', { enum: sessionEndReasonValues }),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
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

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['direct', 'group', 'global'] }).notNull(),
    title: text('title'),
    description: text('description'),
    directKey: text('direct_key'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    lastMessageAt: timestamp('last_message_at'),
  },
  (table) => [uniqueIndex('conversations_direct_key_unique').on(table.directKey)],
);

export const conversationMembers = pgTable(
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
    lastReadSeq: changeNumber('last_read_seq').notNull().default(0),
    /**
     * The order members were added in, which SQLite keeps for free as `rowid` and Postgres does not:
     * members added together share a join time, and this settles who is "the longest-standing member".
     */
    addedOrder: bigint('added_order', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (table) => [
    primaryKey({ columns: [table.conversationId, table.userId] }),
    index('conversation_members_user_idx').on(table.userId),
  ],
);

export const messages = pgTable(
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
    seq: changeNumber('seq').notNull(),
    version: changeNumber('version').notNull(),
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

export const reactions = pgTable(
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

export const changeCounter = pgTable('change_counter', {
  id: integer('id').primaryKey(),
  value: changeNumber('value').notNull(),
});

export const messageTranslations = pgTable(
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
    confidence: doublePrecision('confidence'),
    createdAt: timestamp('created_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.targetLanguage] })],
);

export const translationJobs = pgTable(
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
export const attachmentBlobs = pgTable('attachment_blobs', {
  /** sha256 of the bytes, hex. */
  hash: text('hash').primaryKey(),
  sizeBytes: integer('size_bytes').notNull(),
  /** Sniffed from the bytes. */
  mimeType: text('mime_type').notNull(),
  width: integer('width'),
  height: integer('height'),
  hasThumbnail: boolean('has_thumbnail').notNull(),
  createdAt: timestamp('created_at').notNull(),
});

/**
 * One file of one message. Uploaded before its message exists (message_id null until the send), tied to it
 * by the uploader's client message id and its position, which is what makes a retried upload land on the
 * same row.
 */
export const attachments = pgTable(
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

export const shareLinks = pgTable(
  'share_links',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
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
