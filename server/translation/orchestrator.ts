import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { TranslationFailureCode } from '../../contract/translations.ts';
import type { MessageStore } from '../db/stores/messages.ts';
import type { TranslationJob, TranslationStore } from '../db/stores/translations.ts';
import type { UserStore } from '../db/stores/users.ts';
import type { RealtimePublisher } from '../domain/realtime-publisher.ts';
import type { TranslationMetrics } from './translation-metrics.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { translationTargets } from './targets.ts';
import { TranslatorError, type TranslatorClient, type TranslatorHealth } from './translator-client.ts';

export interface OrchestratorOptions {
  repository: TranslationStore & Pick<MessageStore, 'findMessage'> & Pick<UserStore, 'findUserById'>;
  translator: TranslatorClient;
  publisher: RealtimePublisher;
  metrics: TranslationMetrics;
  logger: FastifyBaseLogger;
  /** Jobs worked on at once; the translator batches concurrent requests, so a few in flight help. */
  concurrency?: number;
  /**
   * How often the loop looks for due jobs and, while the translator is not serving, asks its health (default
   * 0.5 s). A change the translator announces (`translatorChanged`) is asked about at once instead.
   */
  pollIntervalMs?: number;
  callTimeoutMs?: number;
  retry?: RetryPolicy;
  /**
   * How long a claimed job stays this server's without news from it (renewed while it works on it); past
   * that, another replica takes it over. Default 30 s.
   */
  leaseMs?: number;
  /**
   * True when no other server shares the database (no REDIS_URL): claims left by this server's previous
   * run are released at start instead of waiting for their lease to expire.
   */
  alone?: boolean;
}

/**
 * Turns stored translation jobs into stored translations and `message:translation` events. Jobs live in
 * the database, so restarts of the server or the translator lose nothing. While the translator is not
 * serving, jobs wait without spending their attempts, and resume the moment it serves again.
 */
export class TranslationOrchestrator {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking = false;
  /** Something asked for a tick while one was running: the next one starts as soon as it ends. */
  private tickAgain = false;
  private translatorHealth: TranslatorHealth = 'unreachable';
  /** When the translator's health was last asked; 0 makes the next tick ask again. */
  private healthCheckedAt = 0;
  /** Counts the signs that the health may have changed: an answer asked for before the latest one is stale. */
  private healthNews = 0;
  /** The tick under way (or the last one), which stop() waits for before the jobs it started. */
  private currentTick: Promise<void> = Promise.resolve();
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly callTimeoutMs: number;
  private readonly retry: RetryPolicy;
  /** This server among replicas sharing the database: the owner of the jobs it claims. */
  private readonly owner = randomUUID();
  private readonly leaseMs: number;
  private leaseRenewedAt = 0;

  constructor(private readonly options: OrchestratorOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  get health(): TranslatorHealth {
    return this.translatorHealth;
  }

  isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops taking jobs and waits for those in flight; unfinished ones stay stored for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // A tick in the middle of claiming may still add jobs: they are waited for too.
    await this.currentTick;
    await Promise.allSettled(this.inFlight.values());
  }

  /**
   * Called when new work was stored, so it starts now rather than at the next poll. While the translator
   * is not serving, the work waits for the poll that finds it back: waking per message would only ask a
   * translator that is down again, once per message sent.
   */
  wake(): void {
    if (this.running && this.translatorHealth === 'serving') this.schedule(0);
  }

  /**
   * The translator announced a change (a model became ready or stopped, or its stream ended): its health is
   * asked now, so the first translation after a model loads does not wait for the next poll.
   */
  translatorChanged(): void {
    this.forgetHealth();
    if (this.running) this.schedule(0);
  }

  /** The next tick asks the translator's health, even if an answer asked for before now is still on its way. */
  private forgetHealth(): void {
    this.healthNews += 1;
    this.healthCheckedAt = 0;
  }

  private schedule(delayMs: number): void {
    if (delayMs === 0 && this.ticking) {
      // The running tick may have read the jobs or the health already: one more starts right after it.
      this.tickAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.ticking) this.currentTick = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      // Asked once per poll interval, not on every wake-up: a busy chat wakes this loop per message.
      if (this.translatorHealth !== 'serving' || Date.now() - this.healthCheckedAt >= this.pollIntervalMs)
        await this.refreshHealth();
      if (this.options.alone === true && this.leaseRenewedAt === 0) {
        await this.options.repository.releaseTranslationJobClaims();
      }
      await this.renewLeases();
      if (this.translatorHealth === 'serving') await this.claimJobs();
    } catch (error) {
      this.options.logger.error({ err: error }, 'translation loop failed; retrying');
    } finally {
      this.ticking = false;
      const again = this.tickAgain;
      this.tickAgain = false;
      // stop() may have run while this tick awaited.
      if (this.isRunning()) this.schedule(again ? 0 : this.pollIntervalMs);
    }
  }

  private async refreshHealth(): Promise<void> {
    const news = this.healthNews;
    const health = await this.options.translator.health(2000);
    // An answer overtaken by news while it was on its way is used for now, and asked again at the next tick.
    this.healthCheckedAt = news === this.healthNews ? Date.now() : 0;
    if (health !== this.translatorHealth) {
      this.options.logger.info({ from: this.translatorHealth, to: health }, 'translator state changed');
      this.translatorHealth = health;
      this.options.publisher.toEveryone('translator:status', { state: health });
    }
  }

  /** Every third of a lease, while jobs are in flight: a live replica's jobs are never taken over. */
  private async renewLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.leaseRenewedAt < this.leaseMs / 3) return;
    this.leaseRenewedAt = now;
    if (this.inFlight.size === 0) return;
    await this.options.repository.renewTranslationJobClaims(
      this.owner,
      new Date(now + this.leaseMs).toISOString(),
    );
  }

  private async claimJobs(): Promise<void> {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = Date.now();
    const jobs = await this.options.repository.claimTranslationJobs({
      owner: this.owner,
      now: new Date(now).toISOString(),
      leaseUntil: new Date(now + this.leaseMs).toISOString(),
      limit: free,
      exclude: [...this.inFlight.keys()],
    });
    for (const job of jobs) {
      const work = this.process(job)
        .catch((error: unknown) => {
          // Even recording the failure failed (the database is gone?): the job stays stored for later.
          this.options.logger.error({ err: error, jobId: job.id }, 'translation job could not be settled');
        })
        .finally(() => {
          this.inFlight.delete(job.id);
          this.wake();
        });
      this.inFlight.set(job.id, work);
    }
  }

  private async process(job: TranslationJob): Promise<void> {
    try {
      if (job.targetLanguage === null) await this.fanOut(job);
      else await this.translate(job, job.targetLanguage);
    } catch (error) {
      await this.handleFailure(job, error);
    }
  }

  private async fanOut(job: TranslationJob): Promise<void> {
    const { repository, translator } = this.options;
    const message = await repository.findMessage(job.messageId);
    if (!message || message.deletedAt !== null) return repository.deleteTranslationJob(job.id);
    let source = message.originalLanguage;
    let settled: string | null = null;
    if (source === null) {
      // Detected, or when the text is too short or mixed to tell, the sender's own language, which is
      // what Meeshy's composer would have picked for them.
      const detected = (await translator.detect(message.content, this.callTimeoutMs)).language;
      settled = detected ?? (await repository.findUserById(message.sender.id))?.systemLanguage ?? null;
      source = settled;
    }
    const readers = await repository.readerLanguages(message.conversationId);
    const targets = translationTargets(source, readers);
    const queued = await repository.expandTranslationJob(job.id, settled, targets, new Date().toISOString());
    if (queued !== undefined && settled !== null) {
      const updated = await repository.findMessage(message.id);
      if (updated) this.options.publisher.toConversation(message.conversationId, 'message:language', updated);
    }
  }

  private async translate(job: TranslationJob, targetLanguage: string): Promise<void> {
    const { repository, translator, publisher, metrics } = this.options;
    const message = await repository.findMessage(job.messageId);
    if (!message || message.deletedAt !== null) return repository.deleteTranslationJob(job.id);
    const stopTimer = metrics.startLatencyTimer();
    const result = await translator.translate(
      {
        messageId: message.id,
        text: message.content,
        sourceLanguage: message.originalLanguage,
        targetLanguage,
        tier: job.tier,
      },
      this.callTimeoutMs,
    );
    stopTimer(result.tier);
    if (result.fromCache) metrics.cacheHits.inc({ tier: result.tier });
    const saved = await repository.saveTranslation(
      job.id,
      {
        messageId: message.id,
        sourceLanguage: result.sourceLanguage,
        targetLanguage,
        content: result.text,
        tier: result.tier,
        model: result.model,
        confidence: result.confidence,
      },
      new Date().toISOString(),
    );
    // Undefined when the message was edited or deleted meanwhile: its new job will translate the new text.
    if (saved) publisher.toConversation(message.conversationId, 'message:translation', saved);
  }

  private async handleFailure(job: TranslationJob, error: unknown): Promise<void> {
    const { repository, logger } = this.options;
    const reason = error instanceof Error ? error.message : String(error);
    const kind = error instanceof TranslatorError ? error.kind : 'internal';
    const attempts = job.attempts + 1;
    const waiting = kind === 'unavailable' || kind === 'busy';
    // The translator may have gone away: the next tick asks before claiming more work.
    if (kind === 'unavailable') this.forgetHealth();
    const retryable =
      kind !== 'invalid' &&
      (waiting
        ? Date.now() - Date.parse(job.createdAt) < this.retry.maxWaitMs
        : attempts < this.retry.maxAttempts);
    logger.warn(
      { jobId: job.id, messageId: job.messageId, kind, attempts, reason },
      'translation attempt failed',
    );
    if (retryable) {
      const next = new Date(Date.now() + retryDelayMs(attempts, this.retry)).toISOString();
      await repository.rescheduleTranslationJob(job.id, attempts, next, reason);
      return;
    }
    await repository.deleteTranslationJob(job.id);
    await this.announceFailure(job, kind === 'invalid' ? 'UNSUPPORTED_LANGUAGE' : failureCode(kind), reason);
  }

  private async announceFailure(
    job: TranslationJob,
    code: TranslationFailureCode,
    reason: string,
  ): Promise<void> {
    const { repository, publisher, metrics } = this.options;
    const message = await repository.findMessage(job.messageId);
    if (!message) return;
    const targets =
      job.targetLanguage === null
        ? translationTargets(
            message.originalLanguage,
            await repository.readerLanguages(message.conversationId),
          )
        : [job.targetLanguage];
    for (const targetLanguage of targets) {
      metrics.failures.inc({ code });
      publisher.toConversation(message.conversationId, 'translation:failed', {
        messageId: message.id,
        conversationId: message.conversationId,
        targetLanguage,
        code,
        message: reason,
      });
    }
  }
}

function failureCode(kind: TranslatorError['kind']): TranslationFailureCode {
  if (kind === 'unavailable' || kind === 'busy') return 'MODEL_NOT_READY';
  return 'TRANSLATION_FAILED';
}

/** Used by `/health`: the translator's state as the orchestrator last saw it. */
export function translatorHealthCheck(orchestrator: TranslationOrchestrator) {
  return () => {
    const state = orchestrator.health;
    return { status: state === 'serving' ? ('up' as const) : ('down' as const), detail: state };
  };
}
