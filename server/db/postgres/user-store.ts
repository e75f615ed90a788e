import { and, eq, isNull, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import { GLOBAL_CONVERSATION_ID } from '../../../contract/conversations.ts';
import type { ServerRole } from '../../../contract/users.ts';
import { UniqueViolationError, type NewUser, type UserRecord, type UserStore } from '../stores/users.ts';
import { postgresErrorOf, type PgConnection } from './connection.ts';
import { conversationMembers, users } from './schema.ts';

type UserRow = typeof users.$inferSelect;

function toUserRecord(row: UserRow): UserRecord {
  const { usernameKey: _key, ...record } = row;
  return record;
}

/** Escapes LIKE wildcards (Postgres's default escape character is the backslash) so "a_b" matches only that. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Any constant (not the migration lock's): the key of the transaction-level advisory lock that makes
 * registrations run one after the other. Without it two first registrations at READ COMMITTED would both
 * see an empty table and both become owner; SQLite gets the same from its IMMEDIATE transaction.
 */
const REGISTRATION_LOCK_KEY = 727_002;

export function createUserStore({ db }: PgConnection): UserStore {
  const findById = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0];
  return {
    async createUser(user: NewUser) {
      try {
        await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${REGISTRATION_LOCK_KEY})`);
          // Decided inside the insert, as on SQLite: the first account on the server is its owner.
          const role = sql<ServerRole>`(case when exists (select 1 from ${users}) then 'member' else 'owner' end)`;
          await tx
            .insert(users)
            .values({ ...user, role, usernameKey: user.username.toLowerCase(), updatedAt: user.createdAt });
          await tx.insert(conversationMembers).values({
            conversationId: GLOBAL_CONVERSATION_ID,
            userId: user.id,
            role: 'member',
            joinedAt: user.createdAt,
          });
        });
      } catch (error) {
        const cause = postgresErrorOf(error);
        if (cause?.code === UNIQUE_VIOLATION) {
          throw new UniqueViolationError(cause.constraint?.includes('email') ? 'email' : 'username');
        }
        throw error;
      }
      const created = await findById(user.id);
      if (!created) throw new Error('user vanished after insert');
      return toUserRecord(created);
    },

    async findUserById(id) {
      const row = await findById(id);
      return row && toUserRecord(row);
    },

    async findUsersByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select()
        .from(users)
        .where(inArray(users.id, [...ids]));
      return rows.map(toUserRecord);
    },

    async findUserByUsernameOrEmail(login) {
      const key = login.trim().toLowerCase();
      const [row] = await db
        .select()
        .from(users)
        .where(and(or(eq(users.usernameKey, key), eq(users.email, key)), isNull(users.guestConversationId)));
      return row && toUserRecord(row);
    },

    async updateUser(id, patch, at) {
      await db
        .update(users)
        .set({ ...patch, updatedAt: at })
        .where(eq(users.id, id));
      const row = await findById(id);
      if (!row) throw new Error(`user ${id} not found`);
      return toUserRecord(row);
    },

    async searchUsers(query, limit, excludeUserId) {
      const pattern = likeContains(query.toLowerCase());
      // ILIKE: SQLite's LIKE ignores ASCII case, Postgres's does not; display names keep their case.
      const rows = await db
        .select()
        .from(users)
        .where(
          and(
            ne(users.id, excludeUserId),
            // Guests belong to one conversation: nobody can find them to add them elsewhere.
            isNull(users.guestConversationId),
            or(ilike(users.usernameKey, pattern), ilike(users.displayName, pattern)),
          ),
        )
        .orderBy(users.usernameKey)
        .limit(limit);
      return rows.map(toUserRecord);
    },

    findUsersNamedLike(fragment, limit) {
      const pattern = likeContains(fragment.toLowerCase());
      return db
        .select({ id: users.id, username: users.username, displayName: users.displayName })
        .from(users)
        .where(or(ilike(users.usernameKey, pattern), ilike(users.displayName, pattern)))
        .orderBy(users.usernameKey)
        .limit(limit);
    },

    async setUserRole(id, role, at) {
      await db.update(users).set({ role, updatedAt: at }).where(eq(users.id, id));
    },

    async setLastSeen(id, at) {
      await db.update(users).set({ lastSeenAt: at }).where(eq(users.id, id));
    },
  };
}
