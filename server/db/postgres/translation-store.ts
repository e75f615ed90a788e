import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, lte, notInArray, or } from 'drizzle-orm';
import type { ModelTier } from '../../../contract/translations.ts';
import type { TranslationStore } from '../stores/translations.ts';
import { lockChangeCounter, nextChange } from './change-counter.ts';
import type { PgConnection, PgQueries } from './connection.ts';
import { toTranslationDto } from '../stores/message-views.ts';
import { conversationMembers, messages, messageTranslations, translationJobs, users } from './schema.ts';

// The Postgres twin of ../sqlite/translation-store.ts (its comments explain each step).

export async function insertFanOutJob(db: PgQueries, messageId: string, at: string): Promise<void> {
  await db.insert(translationJobs).values({
    id: randomUUID(),
    messageId,
    targetLanguage: null,
    tier: null,
    nextAttemptAt: at,
    createdAt: at,
  });
}

/** After an edit, every language the message had is queued again; runs inside the edit's transaction. */
export async function requeueTranslations(db: PgQueries, messageId: string, at: string): Promise<void> {
  const languages = new Map<string, ModelTier | null>();
  for (const row of await db
    .select({ language: messageTranslations.targetLanguage, tier: messageTranslations.tier })
    .from(messageTranslations)
    .where(eq(messageTranslations.messageId, messageId))) {
    languages.set(row.language, row.tier);
  }
  for (const row of await db
    .select({ language: translationJobs.targetLanguage, tier: translationJobs.tier })
    .from(translationJobs)
    .where(eq(translationJobs.messageId, messageId))
    .orderBy(asc(translationJobs.createdAt))) {
    if (row.language !== null) languages.set(row.language, row.tier ?? languages.get(row.language) ?? null);
  }
  await db.delete(messageTranslations).where(eq(messageTranslations.messageId, messageId));
  await db.delete(translationJobs).where(eq(translationJobs.messageId, messageId));
  for (const [targetLanguage, tier] of languages) {
    await db
      .insert(translationJobs)
      .values({ id: randomUUID(), messageId, targetLanguage, tier, nextAttemptAt: at, createdAt: at });
  }
  await insertFanOutJob(db, messageId, at);
}

export function createTranslationStore({ db }: PgConnection): TranslationStore {
  return {
    claimTranslationJobs({ owner, now, leaseUntil, limit, exclude }) {
      return db.transaction(async (tx) => {
        // SKIP LOCKED: replicas claiming at once each take different rows instead of waiting on each other;
        // FOR UPDATE re-reads a row another claim changed meanwhile, so a fresh claim is never taken twice.
        const due = await tx
          .select({ id: translationJobs.id })
          .from(translationJobs)
          .where(
            and(
              lte(translationJobs.nextAttemptAt, now),
              exclude.length === 0 ? undefined : notInArray(translationJobs.id, [...exclude]),
              or(isNull(translationJobs.claimExpiresAt), lte(translationJobs.claimExpiresAt, now)),
            ),
          )
          .orderBy(asc(translationJobs.nextAttemptAt), asc(translationJobs.createdAt))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const claimed = await tx
          .update(translationJobs)
          .set({ claimedBy: owner, claimExpiresAt: leaseUntil })
          .where(
            inArray(
              translationJobs.id,
              due.map((row) => row.id),
            ),
          )
          .returning();
        return claimed
          .sort(
            (x, y) =>
              x.nextAttemptAt.localeCompare(y.nextAttemptAt) || x.createdAt.localeCompare(y.createdAt),
          )
          .map(({ claimedBy: _owner, claimExpiresAt: _lease, ...job }) => job);
      });
    },

    async renewTranslationJobClaims(owner, leaseUntil) {
      await db
        .update(translationJobs)
        .set({ claimExpiresAt: leaseUntil })
        .where(eq(translationJobs.claimedBy, owner));
    },

    async releaseTranslationJobClaims() {
      await db.update(translationJobs).set({ claimedBy: null, claimExpiresAt: null });
    },

    async countTranslationJobs() {
      const [row] = await db.select({ total: count() }).from(translationJobs);
      return row?.total ?? 0;
    },

    async rescheduleTranslationJob(id, attempts, nextAttemptAt, lastError) {
      await db
        .update(translationJobs)
        // The claim is released: any replica may make the next attempt.
        .set({ attempts, nextAttemptAt, lastError, claimedBy: null, claimExpiresAt: null })
        .where(eq(translationJobs.id, id));
    },

    async deleteTranslationJob(id) {
      await db.delete(translationJobs).where(eq(translationJobs.id, id));
    },

    expandTranslationJob(jobId, detectedSourceLanguage, targets, at) {
      return db.transaction(async (tx): Promise<string[] | undefined> => {
        // Locked: an edit deleting this job, or a second expansion, waits for this one (or wins first).
        await lockChangeCounter(tx);
        const [job] = await tx
          .select()
          .from(translationJobs)
          .where(eq(translationJobs.id, jobId))
          .for('update');
        if (!job) return undefined;
        if (detectedSourceLanguage !== null) {
          await tx
            .update(messages)
            .set({ originalLanguage: detectedSourceLanguage, version: await nextChange(tx) })
            .where(and(eq(messages.id, job.messageId), isNull(messages.originalLanguage)));
        }
        const done = new Set(
          (
            await tx
              .select({ language: messageTranslations.targetLanguage })
              .from(messageTranslations)
              .where(eq(messageTranslations.messageId, job.messageId))
          ).map((row) => row.language),
        );
        const pending = new Set(
          (
            await tx
              .select({ language: translationJobs.targetLanguage })
              .from(translationJobs)
              .where(eq(translationJobs.messageId, job.messageId))
          ).map((row) => row.language),
        );
        const queued = [...new Set(targets)].filter((target) => !done.has(target) && !pending.has(target));
        for (const targetLanguage of queued) {
          await tx.insert(translationJobs).values({
            id: randomUUID(),
            messageId: job.messageId,
            targetLanguage,
            tier: job.tier,
            nextAttemptAt: at,
            createdAt: at,
          });
        }
        await tx.delete(translationJobs).where(eq(translationJobs.id, jobId));
        return queued;
      });
    },

    saveTranslation(jobId, translation, at) {
      return db.transaction(async (tx) => {
        await lockChangeCounter(tx);
        const [job] = await tx
          .select({ id: translationJobs.id })
          .from(translationJobs)
          .where(eq(translationJobs.id, jobId))
          .for('update');
        if (!job) return undefined;
        const row = { ...translation, createdAt: at };
        await tx
          .insert(messageTranslations)
          .values(row)
          .onConflictDoUpdate({
            target: [messageTranslations.messageId, messageTranslations.targetLanguage],
            set: {
              sourceLanguage: row.sourceLanguage,
              content: row.content,
              tier: row.tier,
              model: row.model,
              confidence: row.confidence,
              createdAt: row.createdAt,
            },
          });
        await tx.delete(translationJobs).where(eq(translationJobs.id, jobId));
        const [message] = await tx
          .update(messages)
          .set({ version: await nextChange(tx) })
          .where(eq(messages.id, translation.messageId))
          .returning({ conversationId: messages.conversationId });
        return message && toTranslationDto(row, message.conversationId);
      });
    },

    async enqueueTranslation(messageId, targetLanguage, tier, at) {
      await db.transaction(async (tx) => {
        await tx
          .delete(translationJobs)
          .where(
            and(eq(translationJobs.messageId, messageId), eq(translationJobs.targetLanguage, targetLanguage)),
          );
        await tx
          .insert(translationJobs)
          .values({ id: randomUUID(), messageId, targetLanguage, tier, nextAttemptAt: at, createdAt: at });
      });
    },

    readerLanguages(conversationId) {
      return db
        .select({
          userId: users.id,
          systemLanguage: users.systemLanguage,
          regionalLanguage: users.regionalLanguage,
          customDestinationLanguage: users.customDestinationLanguage,
          autoTranslateEnabled: users.autoTranslateEnabled,
          translateToSystemLanguage: users.translateToSystemLanguage,
          translateToRegionalLanguage: users.translateToRegionalLanguage,
          useCustomDestination: users.useCustomDestination,
          readLanguages: users.readLanguages,
        })
        .from(conversationMembers)
        .innerJoin(users, eq(users.id, conversationMembers.userId))
        .where(eq(conversationMembers.conversationId, conversationId))
        .orderBy(conversationMembers.addedOrder);
    },
  };
}
