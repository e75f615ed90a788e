import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, lte, notInArray, or } from 'drizzle-orm';
import type { ModelTier } from '../../../contract/translations.ts';
import type { TranslationStore } from '../stores/translations.ts';
import { nextChange } from './change-counter.ts';
import type { SqliteConnection, SqliteDb } from './connection.ts';
import { toTranslationDto } from '../stores/message-views.ts';
import { conversationMembers, messages, messageTranslations, translationJobs, users } from './schema.ts';

/** Queues the fan-out job of a new or edited message; runs inside the caller's transaction. */
export function insertFanOutJob(db: SqliteDb, messageId: string, at: string): void {
  db.insert(translationJobs)
    .values({
      id: randomUUID(),
      messageId,
      targetLanguage: null,
      tier: null,
      nextAttemptAt: at,
      createdAt: at,
    })
    .run();
}

/**
 * After an edit: every language the message had (a translation or a pending job, including those a reader
 * asked for on demand, at the tier they had) is queued again for the new text, next to the fan-out job
 * for the readers' languages. Runs inside the edit's transaction, before the old rows are dropped.
 */
export function requeueTranslations(db: SqliteDb, messageId: string, at: string): void {
  const languages = new Map<string, ModelTier | null>();
  for (const row of db
    .select({ language: messageTranslations.targetLanguage, tier: messageTranslations.tier })
    .from(messageTranslations)
    .where(eq(messageTranslations.messageId, messageId))
    .all()) {
    languages.set(row.language, row.tier);
  }
  for (const row of db
    .select({ language: translationJobs.targetLanguage, tier: translationJobs.tier })
    .from(translationJobs)
    .where(eq(translationJobs.messageId, messageId))
    .all()) {
    if (row.language !== null) languages.set(row.language, row.tier ?? languages.get(row.language) ?? null);
  }
  db.delete(messageTranslations).where(eq(messageTranslations.messageId, messageId)).run();
  db.delete(translationJobs).where(eq(translationJobs.messageId, messageId)).run();
  for (const [targetLanguage, tier] of languages) {
    db.insert(translationJobs)
      .values({ id: randomUUID(), messageId, targetLanguage, tier, nextAttemptAt: at, createdAt: at })
      .run();
  }
  insertFanOutJob(db, messageId, at);
}

export function createTranslationStore({ sqlite, db }: SqliteConnection): TranslationStore {
  const jobExists = (id: string) =>
    db.select({ id: translationJobs.id }).from(translationJobs).where(eq(translationJobs.id, id)).get() !==
    undefined;

  return {
    claimTranslationJobs({ owner, now, leaseUntil, limit, exclude }) {
      // IMMEDIATE: the write lock is taken before the read, so two replicas cannot pick the same rows.
      const claim = sqlite.transaction(() => {
        const due = db
          .select({ id: translationJobs.id })
          .from(translationJobs)
          .where(
            and(
              lte(translationJobs.nextAttemptAt, now),
              notInArray(translationJobs.id, [...exclude]),
              or(isNull(translationJobs.claimExpiresAt), lte(translationJobs.claimExpiresAt, now)),
            ),
          )
          .orderBy(asc(translationJobs.nextAttemptAt), asc(translationJobs.createdAt))
          .limit(limit)
          .all()
          .map((row) => row.id);
        if (due.length === 0) return [];
        return db
          .update(translationJobs)
          .set({ claimedBy: owner, claimExpiresAt: leaseUntil })
          .where(inArray(translationJobs.id, due))
          .returning()
          .all()
          .sort(
            (x, y) =>
              x.nextAttemptAt.localeCompare(y.nextAttemptAt) || x.createdAt.localeCompare(y.createdAt),
          );
      });
      return Promise.resolve(
        claim.immediate().map(({ claimedBy: _owner, claimExpiresAt: _lease, ...job }) => job),
      );
    },

    renewTranslationJobClaims(owner, leaseUntil) {
      db.update(translationJobs)
        .set({ claimExpiresAt: leaseUntil })
        .where(eq(translationJobs.claimedBy, owner))
        .run();
      return Promise.resolve();
    },

    releaseTranslationJobClaims() {
      db.update(translationJobs).set({ claimedBy: null, claimExpiresAt: null }).run();
      return Promise.resolve();
    },

    countTranslationJobs() {
      const [row] = db.select({ total: count() }).from(translationJobs).all();
      return Promise.resolve(row?.total ?? 0);
    },

    rescheduleTranslationJob(id, attempts, nextAttemptAt, lastError) {
      db.update(translationJobs)
        // The claim is released: any replica may make the next attempt.
        .set({ attempts, nextAttemptAt, lastError, claimedBy: null, claimExpiresAt: null })
        .where(eq(translationJobs.id, id))
        .run();
      return Promise.resolve();
    },

    deleteTranslationJob(id) {
      db.delete(translationJobs).where(eq(translationJobs.id, id)).run();
      return Promise.resolve();
    },

    expandTranslationJob(jobId, detectedSourceLanguage, targets, at) {
      const expand = sqlite.transaction((): string[] | undefined => {
        const job = db.select().from(translationJobs).where(eq(translationJobs.id, jobId)).get();
        if (!job) return undefined;
        if (detectedSourceLanguage !== null) {
          // A new version too, so that a resyncing client learns the detected language.
          db.update(messages)
            .set({ originalLanguage: detectedSourceLanguage, version: nextChange(db) })
            .where(and(eq(messages.id, job.messageId), isNull(messages.originalLanguage)))
            .run();
        }
        const done = new Set(
          db
            .select({ language: messageTranslations.targetLanguage })
            .from(messageTranslations)
            .where(eq(messageTranslations.messageId, job.messageId))
            .all()
            .map((row) => row.language),
        );
        const pending = new Set(
          db
            .select({ language: translationJobs.targetLanguage })
            .from(translationJobs)
            .where(eq(translationJobs.messageId, job.messageId))
            .all()
            .map((row) => row.language),
        );
        const queued = [...new Set(targets)].filter((target) => !done.has(target) && !pending.has(target));
        for (const targetLanguage of queued) {
          db.insert(translationJobs)
            .values({
              id: randomUUID(),
              messageId: job.messageId,
              targetLanguage,
              tier: job.tier,
              nextAttemptAt: at,
              createdAt: at,
            })
            .run();
        }
        db.delete(translationJobs).where(eq(translationJobs.id, jobId)).run();
        return queued;
      });
      return Promise.resolve(expand.immediate());
    },

    saveTranslation(jobId, translation, at) {
      const save = sqlite.transaction(() => {
        if (!jobExists(jobId)) return undefined;
        const row = { ...translation, createdAt: at };
        db.insert(messageTranslations)
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
          })
          .run();
        db.delete(translationJobs).where(eq(translationJobs.id, jobId)).run();
        // A new version, so that a client that was offline gets the translation when it resyncs.
        const [message] = db
          .update(messages)
          .set({ version: nextChange(db) })
          .where(eq(messages.id, translation.messageId))
          .returning({ conversationId: messages.conversationId })
          .all();
        return message && toTranslationDto(row, message.conversationId);
      });
      return Promise.resolve(save.immediate());
    },

    enqueueTranslation(messageId, targetLanguage, tier, at) {
      sqlite
        .transaction(() => {
          db.delete(translationJobs)
            .where(
              and(
                eq(translationJobs.messageId, messageId),
                eq(translationJobs.targetLanguage, targetLanguage),
              ),
            )
            .run();
          db.insert(translationJobs)
            .values({ id: randomUUID(), messageId, targetLanguage, tier, nextAttemptAt: at, createdAt: at })
            .run();
        })
        .immediate();
      return Promise.resolve();
    },

    readerLanguages(conversationId) {
      const rows = db
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
        .all();
      return Promise.resolve(rows);
    },
  };
}
