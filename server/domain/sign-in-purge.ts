import type { FastifyBaseLogger } from 'fastify';
import type { RefreshTokenStore } from '../db/stores/sign-ins.ts';
import { runPeriodically } from '../ops/periodic-task.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Ended sign-ins stay this long, for whoever looks into an incident; then they go. */
export const ENDED_SIGN_IN_RETENTION_MS = 30 * DAY_MS;

export interface SignInPurgeOptions {
  refreshTokenTtlSeconds: number;
  intervalMs: number;
  logger: FastifyBaseLogger;
  now?: () => number;
}

/**
 * Every rotation stores a new refresh token, so an active device adds about a hundred rows a day: on a
 * server that runs for months the table would only grow. This removes what can no longer matter, once
 * at start and then every `intervalMs` (a day by default); see RefreshTokenStore.purgeExpired.
 */
export function startSignInPurge(
  repository: Pick<RefreshTokenStore, 'purgeExpired'>,
  options: SignInPurgeOptions,
): () => void {
  const now = options.now ?? Date.now;
  const purge = async () => {
    const at = now();
    const removed = await repository.purgeExpired(
      new Date(at).toISOString(),
      new Date(at - ENDED_SIGN_IN_RETENTION_MS).toISOString(),
      new Date(at - options.refreshTokenTtlSeconds * 1000 - ENDED_SIGN_IN_RETENTION_MS).toISOString(),
    );
    if (removed.refreshTokens + removed.sessions > 0)
      options.logger.info(removed, 'purged expired sign-in records');
  };
  return runPeriodically(
    purge,
    options.intervalMs,
    options.logger,
    'could not purge expired sign-in records',
  );
}
