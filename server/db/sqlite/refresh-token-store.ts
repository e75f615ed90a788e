import type { SessionEndReason } from '../../../contract/auth.ts';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { RefreshTokenStore } from '../stores/sign-ins.ts';
import type { SqliteConnection } from './connection.ts';
import { refreshTokens, sessions } from './schema.ts';

/** Well under SQLite's limit on bound parameters per statement. */
const IDS_PER_QUERY = 500;

export function createRefreshTokenStore({ sqlite, db }: SqliteConnection): RefreshTokenStore {
  return {
    purgeExpired(now, endedBefore, idleBefore) {
      const purge = sqlite.transaction(() => {
        const tokens = db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).run();
        const gone = db
          .delete(sessions)
          .where(
            or(
              and(isNotNull(sessions.endedAt), lt(sessions.endedAt, endedBefore)),
              and(
                isNull(sessions.endedAt),
                lt(sql`coalesce(${sessions.lastUsedAt}, ${sessions.createdAt})`, idleBefore),
              ),
            ),
          )
          .run();
        // A sign-in's remaining tokens go with it (all expired by then, but the family must not outlive it).
        db.delete(refreshTokens)
          .where(sql`${refreshTokens.familyId} not in (select ${sessions.id} from ${sessions})`)
          .run();
        return { refreshTokens: tokens.changes, sessions: gone.changes };
      });
      return Promise.resolve(purge.immediate());
    },

    startSession(session, firstToken) {
      sqlite.transaction(() => {
        db.insert(sessions).values(session).run();
        db.insert(refreshTokens).values(firstToken).run();
      })();
      return Promise.resolve();
    },

    findSession(id) {
      return Promise.resolve(db.select().from(sessions).where(eq(sessions.id, id)).get());
    },

    openSessionsOf(userId) {
      return Promise.resolve(
        db
          .select()
          .from(sessions)
          .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
          .orderBy(desc(sessions.lastUsedAt), desc(sessions.createdAt))
          .all(),
      );
    },

    endedSessions(ids) {
      const ended: { id: string; reason: SessionEndReason }[] = [];
      for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
        const rows = db
          .select({ id: sessions.id, reason: sessions.endReason })
          .from(sessions)
          .where(
            and(inArray(sessions.id, ids.slice(start, start + IDS_PER_QUERY)), isNotNull(sessions.endedAt)),
          )
          .all();
        // Rows from before end reasons were recorded cannot exist (the migration sets one), but say 'revoked'.
        ended.push(...rows.map((row) => ({ id: row.id, reason: row.reason ?? 'revoked' })));
      }
      return Promise.resolve(ended);
    },

    findRefreshTokenByHash(tokenHash) {
      return Promise.resolve(
        db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get(),
      );
    },

    rotateRefreshToken(usedId, at, replacement) {
      const rotate = sqlite.transaction(() => {
        // The WHERE clause makes the check and the mark one step: of two concurrent refreshes with the same
        // token, exactly one wins.
        const marked = db
          .update(refreshTokens)
          .set({ rotatedAt: at })
          .where(
            and(
              eq(refreshTokens.id, usedId),
              isNull(refreshTokens.rotatedAt),
              isNull(refreshTokens.revokedAt),
            ),
          )
          .run();
        if (marked.changes === 0) return false;
        db.insert(refreshTokens).values(replacement).run();
        db.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, replacement.familyId)).run();
        return true;
      });
      return Promise.resolve(rotate.immediate());
    },

    endSession(familyId, at, reason) {
      const end = sqlite.transaction(() => {
        db.update(refreshTokens)
          .set({ revokedAt: at })
          .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
          .run();
        const ended = db
          .update(sessions)
          .set({ endedAt: at, endReason: reason })
          .where(and(eq(sessions.id, familyId), isNull(sessions.endedAt)))
          .run();
        return ended.changes > 0;
      });
      return Promise.resolve(end.immediate());
    },
  };
}
