import { and, count, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { LinkJoinOutcome, ShareLinkRecord, ShareLinkStore } from '../stores/share-links.ts';
import type { SqliteConnection } from './connection.ts';
import { conversationMembers, shareLinks, users } from './schema.ts';

/** Thrown inside a transaction to roll it back with an answer instead of an error. */
class JoinRefused extends Error {
  constructor(readonly outcome: LinkJoinOutcome) {
    super(outcome);
  }
}

export function createShareLinkStore({ sqlite, db }: SqliteConnection): ShareLinkStore {
  return {
    createShareLink(link) {
      db.insert(shareLinks).values(link).run();
      return Promise.resolve();
    },

    listShareLinks(conversationId) {
      const rows: ShareLinkRecord[] = db
        .select()
        .from(shareLinks)
        .where(eq(shareLinks.conversationId, conversationId))
        .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
        .all();
      return Promise.resolve(rows);
    },

    findShareLinkByHash(codeHash) {
      return Promise.resolve(db.select().from(shareLinks).where(eq(shareLinks.codeHash, codeHash)).get());
    },

    revokeShareLink(conversationId, linkId, at) {
      const result = db
        .update(shareLinks)
        .set({ revokedAt: at })
        .where(
          and(
            eq(shareLinks.id, linkId),
            eq(shareLinks.conversationId, conversationId),
            isNull(shareLinks.revokedAt),
          ),
        )
        .run();
      return Promise.resolve(result.changes > 0);
    },

    joinByShareLink(linkId, { userId, guest }, at, maxMembers) {
      // IMMEDIATE: the write lock is held from the first read, so the link's count and the group's size
      // are those the join commits against.
      const join = sqlite.transaction((): LinkJoinOutcome => {
        const link = db.select().from(shareLinks).where(eq(shareLinks.id, linkId)).get();
        if (!link) throw new JoinRefused('unusable');
        const existing = db
          .select({ userId: conversationMembers.userId })
          .from(conversationMembers)
          .where(
            and(
              eq(conversationMembers.conversationId, link.conversationId),
              eq(conversationMembers.userId, userId),
            ),
          )
          .get();
        if (existing) return 'already-member';
        const taken = db
          .update(shareLinks)
          .set({ useCount: sql`${shareLinks.useCount} + 1` })
          .where(
            and(
              eq(shareLinks.id, linkId),
              isNull(shareLinks.revokedAt),
              or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, at)),
              or(isNull(shareLinks.maxUses), lt(shareLinks.useCount, shareLinks.maxUses)),
            ),
          )
          .run();
        if (taken.changes === 0) throw new JoinRefused('unusable');
        if (guest) {
          db.insert(users)
            .values({ ...guest, role: 'member', usernameKey: guest.username.toLowerCase(), updatedAt: at })
            .run();
        }
        db.insert(conversationMembers)
          .values({ conversationId: link.conversationId, userId, role: 'member', joinedAt: at })
          .run();
        const [row] = db
          .select({ count: count() })
          .from(conversationMembers)
          .where(eq(conversationMembers.conversationId, link.conversationId))
          .all();
        if ((row?.count ?? 0) > maxMembers) throw new JoinRefused('full');
        return 'joined';
      });
      try {
        return Promise.resolve(join.immediate());
      } catch (error) {
        if (error instanceof JoinRefused) return Promise.resolve(error.outcome);
        throw error;
      }
    },
  };
}
