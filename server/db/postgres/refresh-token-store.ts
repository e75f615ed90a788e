import type { SessionEndReason } from '../../../contract/auth.ts';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { RefreshTokenStore } from '../stores/sign-ins.ts';
import type { PgConnection } from './connection.ts';
import { refreshTokens, sessions } from './schema.ts';

export function createRefreshTokenStore({ db }: PgConnection): RefreshTokenStore {
  return {
    purgeExpired(now, endedBefore, idleBefore) {
      return db.transaction(async (tx) => {
        const tokens = await tx.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now));
        const gone = await tx
          .delete(sessions)
          .where(
            or(
              and(isNotNull(sessions.endedAt), lt(sessions.endedAt, endedBefore)),
              and(
                isNull(sessions.endedAt),
                lt(sql`coalesce(${sessions.lastUsedAt}, ${sessions.createdAt})`, idleBefore),
              ),
            ),
          );
        // A sign-in's remaining tokens go with it (all expired by then, but the family must not outlive it).
        await tx
          .delete(refreshTokens)
          .where(sql`${refreshTokens.familyId} not in (select ${sessions.id} from ${sessions})`);
        return { refreshTokens: tokens.rowCount ?? 0, sessions: gone.rowCount ?? 0 };
      });
    },

    async startSession(session, firstToken) {
      await db.transaction(async (tx) => {
        await tx.insert(sessions).values(session);
        await tx.insert(refreshTokens).values(firstToken);
      });
    },

    async findSession(id) {
      return (await db.select().from(sessions).where(eq(sessions.id, id)))[0];
    },

    openSessionsOf(userId) {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
        .orderBy(sql`${sessions.lastUsedAt} desc nulls last`, desc(sessions.createdAt));
    },

    async endedSessions(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ id: sessions.id, reason: sessions.endReason })
        .from(sessions)
        .where(and(inArray(sessions.id, [...ids]), isNotNull(sessions.endedAt)));
      return rows.map((row): { id: string; reason: SessionEndReason } => ({
        id: row.id,
        reason: row.reason ?? 'revoked',
      }));
    },

    async findRefreshTokenByHash(tokenHash) {
      return (await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)))[0];
    },

    rotateRefreshToken(usedId, at, replacement) {
      return db.transaction(async (tx) => {
        // The WHERE clause makes the check and the mark one step: of two concurrent refreshes with the same
        // token, the second waits for the first's row lock, then finds it rotated and changes nothing.
        const marked = await tx
          .update(refreshTokens)
          .set({ rotatedAt: at })
          .where(
            and(
              eq(refreshTokens.id, usedId),
              isNull(refreshTokens.rotatedAt),
              isNull(refreshTokens.revokedAt),
            ),
          );
        if ((marked.rowCount ?? 0) === 0) return false;
        await tx.insert(refreshTokens).values(replacement);
        await tx.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, replacement.familyId));
        return true;
      });
    },

    endSession(familyId, at, reason) {
      return db.transaction(async (tx) => {
        await tx
          .update(refreshTokens)
          .set({ revokedAt: at })
          .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
        const ended = await tx
          .update(sessions)
          .set({ endedAt: at, endReason: reason })
          .where(and(eq(sessions.id, familyId), isNull(sessions.endedAt)));
        return (ended.rowCount ?? 0) > 0;
      });
    },
  };
}
