import type { SessionEndReason } from '../../contract/auth.ts';
import type { ConversationType, MemberRole } from '../../contract/conversations.ts';
import type { MessageDto } from '../../contract/messages.ts';
import type { MessageTranslationDto, ModelTier } from '../../contract/translations.ts';
import type { LanguageSettings, ServerRole } from '../../contract/users.ts';

/**
 * The one storage interface of the server. Routes and services depend on it only, so the Postgres
 * implementation can follow without touching them. Every method is async for that reason, even though
 * better-sqlite3 answers synchronously.
 */
export interface ChatRepository
  extends UserStore, RefreshTokenStore, ConversationStore, MessageStore, TranslationStore {
  /** Cheap round trip for health checks; throws when the database is unusable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface UserRecord extends LanguageSettings {
  id: string;
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: ServerRole;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewUser = Omit<UserRecord, 'lastSeenAt' | 'updatedAt' | 'role'>;
export type UserPatch = Partial<LanguageSettings & { displayName: string }>;

/** Thrown when a unique field (username, email) is already taken. */
export class UniqueViolationError extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`${field} already taken`);
  }
}

export interface UserStore {
  /** Creates the user and makes them a member of the global room, in one transaction. */
  createUser(user: NewUser): Promise<UserRecord>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  findUsersByIds(ids: readonly string[]): Promise<UserRecord[]>;
  findUserByUsernameOrEmail(login: string): Promise<UserRecord | undefined>;
  updateUser(id: string, patch: UserPatch, at: string): Promise<UserRecord>;
  searchUsers(query: string, limit: number, excludeUserId: string): Promise<UserRecord[]>;
  setLastSeen(id: string, at: string): Promise<void>;
  setUserRole(id: string, role: ServerRole, at: string): Promise<void>;
}

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** One sign-in; its id is the family id of its refresh tokens and the `sid` claim of its access tokens. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  /** "Firefox · Linux": how the user recognises the sign-in; null if it predates labels or was not recognised. */
  deviceLabel: string | null;
  /** When it started or last refreshed its tokens (null only in rows no migration has reached). */
  lastUsedAt: string | null;
  endedAt: string | null;
  endReason: SessionEndReason | null;
}

export interface RefreshTokenStore {
  /** Records a new sign-in and its first refresh token, in one transaction. */
  startSession(
    session: Pick<SessionRecord, 'id' | 'userId' | 'createdAt' | 'deviceLabel' | 'lastUsedAt'>,
    firstToken: RefreshTokenRecord,
  ): Promise<void>;
  findSession(id: string): Promise<SessionRecord | undefined>;
  /** The user's sign-ins that have not ended, most recently used first (the maximum age is the caller's). */
  openSessionsOf(userId: string): Promise<SessionRecord[]>;
  /** Of these sign-ins, the ones that have ended, and why (primary-key lookups, for sockets still open). */
  endedSessions(ids: readonly string[]): Promise<{ id: string; reason: SessionEndReason }[]>;
  findRefreshTokenByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Marks `used` as rotated and stores its replacement atomically. Returns false (and stores nothing)
   * when `used` was already rotated or revoked: the caller is replaying an old token. A rotation is a use
   * of the sign-in, so its `lastUsedAt` moves to `at` in the same transaction.
   */
  rotateRefreshToken(usedId: string, at: string, replacement: RefreshTokenRecord): Promise<boolean>;
  /**
   * Ends a sign-in: revokes every refresh token of its family and marks the session ended, in one
   * transaction. Returns false when it had already ended (nothing to tell its sockets again).
   */
  endSession(familyId: string, at: string, reason: SessionEndReason): Promise<boolean>;
  /**
   * Forgets what can no longer matter: refresh tokens expired before `now` (a replayed expired token is
   * refused as invalid whether or not it is kept), sign-ins ended before `endedBefore`, and sign-ins
   * never ended but unused since before `idleBefore` (their tokens long expired). Returns what went.
   */
  purgeExpired(
    now: string,
    endedBefore: string,
    idleBefore: string,
  ): Promise<{ refreshTokens: number; sessions: number }>;
}

export interface ConversationRecord {
  id: string;
  type: ConversationType;
  title: string | null;
  description: string | null;
  directKey: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

export interface MemberRecord {
  conversationId: string;
  userId: string;
  role: MemberRole;
  joinedAt: string;
  lastReadSeq: number;
}

export interface ConversationListRow {
  conversation: ConversationRecord;
  myRole: MemberRole;
  memberCount: number;
  lastMessage: MessageDto | null;
  unreadCount: number;
  /** The other member of a direct conversation; null for other kinds. */
  peerUserId: string | null;
}

export interface ConversationStore {
  /** For a direct conversation whose pair already has one, returns the existing one with created=false. */
  createConversation(
    conversation: ConversationRecord,
    members: readonly { userId: string; role: MemberRole }[],
  ): Promise<{ conversation: ConversationRecord; created: boolean }>;
  findConversation(id: string): Promise<ConversationRecord | undefined>;
  findMembership(conversationId: string, userId: string): Promise<MemberRecord | undefined>;
  listMembers(conversationId: string): Promise<MemberRecord[]>;
  /** The user's conversations, most recent activity first; only the one named, when `onlyConversationId` is given. */
  listConversationsForUser(userId: string, onlyConversationId?: string): Promise<ConversationListRow[]>;
  conversationIdsForUser(userId: string): Promise<string[]>;
  updateConversation(
    id: string,
    patch: { title?: string; description?: string },
    at: string,
  ): Promise<ConversationRecord>;
  /**
   * Returns the ids that were not members before, or 'full' (adding nobody) when the conversation would
   * then have more than `maxMembers`: counted and added in one transaction, so parallel adds cannot pass it.
   */
  addMembers(
    conversationId: string,
    members: readonly { userId: string; role: MemberRole }[],
    at: string,
    maxMembers: number,
  ): Promise<string[] | 'full'>;
  removeMember(conversationId: string, userId: string): Promise<boolean>;
  updateMemberRole(conversationId: string, userId: string, role: MemberRole): Promise<void>;
  /** Moves the member's read marker forward (never back). Returns false when it did not move. */
  markRead(conversationId: string, userId: string, seq: number): Promise<boolean>;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  content: string;
  originalLanguage: string | null;
  replyToId: string | null;
  createdAt: string;
}

export interface MessageStore {
  /**
   * Stores a message, and the job that will translate it, in one transaction, unless the sender already sent one with the same client id to this conversation,
   * in which case the original comes back with duplicate=true.
   */
  insertMessage(message: NewMessage): Promise<{ message: MessageDto; duplicate: boolean }>;
  findMessage(id: string): Promise<MessageDto | undefined>;
  /** The message a sender already sent to a conversation under this client id, if any. */
  findMessageByClientId(
    conversationId: string,
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageDto | undefined>;
  /** Newest first, strictly before `beforeSeq` when given. */
  listMessages(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<MessageDto[]>;
  /** Replaces the text; its translations and pending translation work go, and a new translation job comes. */
  editMessage(id: string, content: string, at: string): Promise<MessageDto>;
  /**
   * Soft delete: the text and its translations are erased, the row stays so that resyncing clients learn
   * of the deletion.
   */
  deleteMessage(id: string, at: string): Promise<MessageDto>;
  /** Returns the updated message, or undefined when the reaction was already there. */
  addReaction(messageId: string, userId: string, emoji: string, at: string): Promise<MessageDto | undefined>;
  /** Returns the updated message, or undefined when there was no such reaction. */
  removeReaction(messageId: string, userId: string, emoji: string): Promise<MessageDto | undefined>;
  /** Messages of the user's conversations changed after `sinceVersion`, oldest change first. */
  changesForUser(userId: string, sinceVersion: number, limit: number): Promise<MessageDto[]>;
}

export interface TranslationJob {
  id: string;
  messageId: string;
  /** Null for a fan-out job: translate into every reader language. */
  targetLanguage: string | null;
  tier: ModelTier | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
}

export interface ReaderLanguages {
  userId: string;
  systemLanguage: string;
  regionalLanguage: string | null;
  customDestinationLanguage: string | null;
  autoTranslateEnabled: boolean;
  translateToSystemLanguage: boolean;
  translateToRegionalLanguage: boolean;
  useCustomDestination: boolean;
  readLanguages: string[];
}

export interface NewTranslation {
  messageId: string;
  sourceLanguage: string;
  targetLanguage: string;
  content: string;
  tier: ModelTier;
  model: string;
  confidence: number | null;
}

export interface TranslationStore {
  /** Jobs whose time has come, oldest first, leaving out those already being worked on. */
  dueTranslationJobs(now: string, limit: number, exclude: readonly string[]): Promise<TranslationJob[]>;
  countTranslationJobs(): Promise<number>;
  rescheduleTranslationJob(
    id: string,
    attempts: number,
    nextAttemptAt: string,
    lastError: string,
  ): Promise<void>;
  deleteTranslationJob(id: string): Promise<void>;
  /**
   * Settles a fan-out job in one transaction: records the detected source language, creates one job per
   * target that has neither a translation nor a pending job, and deletes the fan-out job. Returns the
   * targets queued, or undefined when the job no longer exists (the message was edited or deleted).
   */
  expandTranslationJob(
    jobId: string,
    detectedSourceLanguage: string | null,
    targets: readonly string[],
    at: string,
  ): Promise<string[] | undefined>;
  /**
   * Stores a result and deletes its job in one transaction, replacing an earlier translation into the same
   * language. Returns undefined, storing nothing, when the job is gone: its message changed meanwhile.
   */
  saveTranslation(
    jobId: string,
    translation: NewTranslation,
    at: string,
  ): Promise<MessageTranslationDto | undefined>;
  /** Queues a translation on demand, replacing any pending job for the same message and language. */
  enqueueTranslation(
    messageId: string,
    targetLanguage: string,
    tier: ModelTier | null,
    at: string,
  ): Promise<void>;
  readerLanguages(conversationId: string): Promise<ReaderLanguages[]>;
}
