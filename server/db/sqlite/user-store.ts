import { and, eq, isNull, inArray, ne, or, sql, type SQLWrapper } from 'drizzle-orm';
import { GLOBAL_CONVERSATION_ID } from '../../../contract/conversations.ts';
import type { ServerRole } from '../../../contract/users.ts';
import { UniqueViolationError, type NewUser, type UserRecord, type UserStore } from '../stores/users.ts';
import type { SqliteConnection } from './connection.ts';
import { conversationMembers, users } from './schema.ts';

type UserRow = typeof users.$inferSelect;

function toUserRecord(row: UserRow): UserRecord {
  const { usernameKey: _key, ...record } = row;
  return record;
}

/** Escapes LIKE wildcards so that a search for "a_b" matches only that text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** LIKE with an explicit escape character: SQLite has no default one. */
function likeEscaped(column: SQLWrapper, pattern: string) {
  return sql`${column} like ${pattern} escape '\\'`;
}

function isUniqueViolation(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createUserStore({ sqlite, db }: SqliteConnection): UserStore {
  const findById = (id: string) => db.select().from(users).where(eq(users.id, id)).get();
  return {
    createUser(user: NewUser) {
      const insert = sqlite.transaction(() => {
        // Decided inside the insert, so two simultaneous first registrations cannot both become owner.
        const role = sql<ServerRole>`(case when exists (select 1 from ${users}) then 'member' else 'owner' end)`;
        db.insert(users)
          .values({ ...user, role, usernameKey: user.username.toLowerCase(), updatedAt: user.createdAt })
          .run();
        db.insert(conversationMembers)
          .values({
            conversationId: GLOBAL_CONVERSATION_ID,
            userId: user.id,
            role: 'member',
            joinedAt: user.createdAt,
          })
          .run();
      });
      try {
        insert.immediate();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new UniqueViolationError(error.message.includes('email') ? 'email' : 'username');
        }
        throw error;
      }
      const created = findById(user.id);
      if (!created) throw new Error('user vanished after insert');
      return Promise.resolve(toUserRecord(created));
    },

    findUserById(id) {
      const row = findById(id);
      return Promise.resolve(row && toUserRecord(row));
    },

    findUsersByIds(ids) {
      if (ids.length === 0) return Promise.resolve([]);
      const rows = db
        .select()
        .from(users)
        .where(inArray(users.id, [...ids]))
        .all();
      return Promise.resolve(rows.map(toUserRecord));
    },

    findUserByUsernameOrEmail(login) {
      const key = login.trim().toLowerCase();
      const row = db
        .select()
        .from(users)
        .where(and(or(eq(users.usernameKey, key), eq(users.email, key)), isNull(users.guestConversationId)))
        .get();
      return Promise.resolve(row && toUserRecord(row));
    },

    updateUser(id, patch, at) {
      db.update(users)
        .set({ ...patch, updatedAt: at })
        .where(eq(users.id, id))
        .run();
      const row = findById(id);
      if (!row) throw new Error(`user ${id} not found`);
      return Promise.resolve(toUserRecord(row));
    },

    searchUsers(query, limit, excludeUserId) {
      const pattern = likeContains(query.toLowerCase());
      const rows = db
        .select()
        .from(users)
        .where(
          and(
            ne(users.id, excludeUserId),
            // Guests belong to one conversation: nobody can find them to add them elsewhere.
            isNull(users.guestConversationId),
            or(likeEscaped(users.usernameKey, pattern), likeEscaped(users.displayName, pattern)),
          ),
        )
        .orderBy(users.usernameKey)
        .limit(limit)
        .all();
      return Promise.resolve(rows.map(toUserRecord));
    },

    findUsersNamedLike(fragment, limit) {
      const lower = fragment.toLowerCase();
      // SQLite's LIKE ignores the case of ASCII letters only: "élodie" must also be tried as "Élodie".
      const capitalised = lower.charAt(0).toUpperCase() + lower.slice(1);
      const rows = db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(users)
        .where(
          or(
            likeEscaped(users.usernameKey, likeContains(lower)),
            likeEscaped(users.displayName, likeContains(lower)),
            likeEscaped(users.displayName, likeContains(capitalised)),
          ),
        )
        .orderBy(users.usernameKey)
        .limit(limit)
        .all();
      return Promise.resolve(rows);
    },

    setUserRole(id, role, at) {
      db.update(users).set({ role, updatedAt: at }).where(eq(users.id, id)).run();
      return Promise.resolve();
    },

    setLastSeen(id, at) {
      db.update(users).set({ lastSeenAt: at }).where(eq(users.id, id)).run();
      return Promise.resolve();
    },
  };
}
