import { and, count, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { LinkJoinOutcome, ShareLinkStore } from '../stores/share-links.ts';
import type { PgConnection } from './connection.ts';
import { lockConversation } from './conversation-lock.ts';
import { conversationMembers, shareLinks, users } from './schema.ts';

/** Thrown inside a transaction to roll it back with an answer instead of an error. */
class JoinRefused extends Error {
  constructor(readonly outcome: LinkJoinOutcome) {
    super(outcome);
  }
}

export function createShareLinkStore({ db }: PgConnection): ShareLinkStore {
  return {
    async createShareLink(link) {
      await db.insert(shareLinks).values(link);
    },

    async listShareLinks(conversationId) {
      return db
        .select()
        .from(shareLinks)
        .where(eq(shareLinks.conversationId, conversationId))
        .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id));
    },

    async findShareLinkByHash(codeHash) {
      const [row] = await db.select().from(shareLinks).where(eq(shareLinks.codeHash, codeHash));
      return row;
    },

    async revokeShareLink(conversationId, linkId, at) {
      const revoked = await db
        .update(shareLinks)
        .set({ revokedAt: at })
        .where(
          and(
            eq(shareLinks.id, linkId),
            eq(shareLinks.conversationId, conversationId),
            isNull(shareLinks.revokedAt),
          ),
        )
        .returning({ id: shareLinks.id });
      return revoked.length > 0;
    },

    async joinByShareLink(linkId, { userId, guest }, at, maxMembers) {
      try {
        return await db.transaction(async (tx): Promise<LinkJoinOutcome> => {
          const [link] = await tx.select().from(shareLinks).where(eq(shareLinks.id, linkId));
          if (!link) return 'unusable';
          // The conversation's lock (conversation-lock.ts) queues this join behind other member changes,
          // so the member count below is the one it commits against.
          await lockConversation(tx, link.conversationId);
          const [existing] = await tx
            .select({ userId: conversationMembers.userId })
            .from(conversationMembers)
            .where(
              and(
                eq(conversationMembers.conversationId, link.conversationId),
                eq(conversationMembers.userId, userId),
              ),
            );
          if (existing) return 'already-member';
          // One conditional statement takes the use: parallel joins on the last use cannot both pass.
          const taken = await tx
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
            .returning({ id: shareLinks.id });
          if (taken.length === 0) throw new JoinRefused('unusable');
          if (guest) {
            await tx
              .insert(users)
              .values({ ...guest, role: 'member', usernameKey: guest.username.toLowerCase(), updatedAt: at });
          }
          await tx
            .insert(conversationMembers)
            .values({ conversationId: link.conversationId, userId, role: 'member', joinedAt: at });
          const [row] = await tx
            .select({ count: count() })
            .from(conversationMembers)
            .where(eq(conversationMembers.conversationId, link.conversationId));
          if ((row?.count ?? 0) > maxMembers) throw new JoinRefused('full');
          return 'joined';
        });
      } catch (error) {
        if (error instanceof JoinRefused) return error.outcome;
        throw error;
      }
    },
  };
}
