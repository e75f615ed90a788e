import type { LanguageSettings, ServerRole } from '../../../contract/users.ts';

// The accounts: who can sign in, and how each person reads.

export interface UserRecord extends LanguageSettings {
  id: string;
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  /** Who manages this server: its owner, operators the owner named, or a plain member. */
  role: ServerRole;
  /** Set for a guest: the one conversation they joined by link (contract/join.ts). */
  guestConversationId: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewUser = Omit<UserRecord, 'lastSeenAt' | 'updatedAt' | 'role' | 'guestConversationId'>;
export type UserPatch = Partial<LanguageSettings & { displayName: string }>;

// Thrown when a unique field (username, email) is already taken.
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
  /**
   * Anyone (guests and the caller included) whose display name or username holds `fragment`, ignoring case
   * as far as the database can (SQLite: ASCII letters only; a capitalised fragment is tried too).
   */
  findUsersNamedLike(
    fragment: string,
    limit: number,
  ): Promise<Pick<UserRecord, 'id' | 'username' | 'displayName'>[]>;
  setLastSeen(id: string, at: string): Promise<void>;
  setUserRole(id: string, role: ServerRole, at: string): Promise<void>;
}
