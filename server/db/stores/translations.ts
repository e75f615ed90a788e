import type { MessageTranslationDto, ModelTier } from '../../../contract/translations.ts';

// The translations of messages and the queue of translation jobs that produces them.

export interface TranslationJob {
  id: string;
  messageId: string;
  /** Null for a fan-out job: translate into every reader language. */
  targetLanguage: string | null;
  tier: ModelTier | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
}

export interface JobClaim {
  owner: string;
  now: string;
  leaseUntil: string;
  limit: number;
  exclude: readonly string[];
}

export interface ReaderLanguages {
  userId: string;
  systemLanguage: string;
  regionalLanguage: string | null;
  customDestinationLanguage: string | null;
  autoTranslateEnabled: boolean;
  translateToSystemLanguage: boolean;
  translateToRegionalLanguage: boolean;
  useCustomDestination: boolean;
  readLanguages: string[];
}

/** A translation as the orchestrator hands it over; the store adds its conversation and time. */
export type NewTranslation = Omit<MessageTranslationDto, 'conversationId' | 'createdAt'>;

export interface TranslationStore {
  /**
   * Claims jobs whose time has come, oldest first, for `claim.owner` until `claim.leaseUntil`, in one
   * transaction: a job another replica holds is left out until its lease expires (the replica died), so two
   * replicas never work on the same job at once. Leaves out `exclude` (the owner's jobs still in flight).
   */
  claimTranslationJobs(claim: JobClaim): Promise<TranslationJob[]>;
  /** Extends the lease of every job `owner` still holds (it is alive and working on them). */
  renewTranslationJobClaims(owner: string, leaseUntil: string): Promise<void>;
  /** Releases every claim: for a server that knows it is alone on its database, at its start. */
  releaseTranslationJobClaims(): Promise<void>;
  countTranslationJobs(): Promise<number>;
  rescheduleTranslationJob(
    id: string,
    attempts: number,
    nextAttemptAt: string,
    lastError: string,
  ): Promise<void>;
  deleteTranslationJob(id: string): Promise<void>;
  /**
   * Settles a fan-out job in one transaction: records the detected source language, creates one job per
   * target that has neither a translation nor a pending job, and deletes the fan-out job. Returns the
   * targets queued, or undefined when the job no longer exists (the message was edited or deleted).
   */
  expandTranslationJob(
    jobId: string,
    detectedSourceLanguage: string | null,
    targets: readonly string[],
    at: string,
  ): Promise<string[] | undefined>;
  /**
   * Stores a result and deletes its job in one transaction, replacing an earlier translation into the same
   * language. Returns undefined, storing nothing, when the job is gone: its message changed meanwhile.
   */
  saveTranslation(
    jobId: string,
    translation: NewTranslation,
    at: string,
  ): Promise<MessageTranslationDto | undefined>;
  /** Queues a translation on demand, replacing any pending job for the same message and language. */
  enqueueTranslation(
    messageId: string,
    targetLanguage: string,
    tier: ModelTier | null,
    at: string,
  ): Promise<void>;
  readerLanguages(conversationId: string): Promise<ReaderLanguages[]>;
}
