import { and, eq, isNull, min } from 'drizzle-orm';
import type { RefreshTokenStore } from '../repository.ts';
import type { SqliteConnection } from './connection.ts';
import { refreshTokens } from './schema.ts';

export function createRefreshTokenStore({ sqlite, db }: SqliteConnection): RefreshTokenStore {
  return {
    insertRefreshToken(token) {
      db.insert(refreshTokens).values(token).run();
      return Promise.resolve();
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
        return true;
      });
      return Promise.resolve(rotate.immediate());
    },

    refreshFamilyStartedAt(familyId) {
      const [row] = db
        .select({ startedAt: min(refreshTokens.createdAt) })
        .from(refreshTokens)
        .where(eq(refreshTokens.familyId, familyId))
        .all();
      return Promise.resolve(row?.startedAt ?? undefined);
    },

    revokeRefreshTokenFamily(familyId, at) {
      db.update(refreshTokens)
        .set({ revokedAt: at })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
        .run();
      return Promise.resolve();
    },
  };
}
