export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a job that keeps failing (a timeout, an internal error) is given up. */
  maxAttempts: number;
  /**
   * How long a job may wait for a model that is not ready yet (downloading, loading) or a full queue;
   * those answers do not use up attempts.
   */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 6,
  maxWaitMs: 24 * 3600 * 1000,
};

/** Exponential backoff with ±20 % jitter, so that jobs failed together do not retry together. */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
