import type { FastifyBaseLogger } from 'fastify';
import { runPeriodically } from '../ops/periodic-task.ts';
import type { AttachmentService } from './attachment-service.ts';

/** How long an upload waits for the message naming it, by default (MEESHY_UNSENT_UPLOAD_HOURS). */
export const DEFAULT_UNSENT_UPLOAD_GRACE_SECONDS = 24 * 3600;

/**
 * File work (an upload being spooled or stored, a removal's set-aside) takes seconds; older than this, only
 * a crash or a kill left it unfinished.
 */
const INTERRUPTED_AFTER_MS = 3600 * 1000;

export interface UnsentSweepOptions {
  /** An upload no message took is removed this long after its last upload attempt. */
  graceSeconds: number;
  logger: FastifyBaseLogger;
  now?: () => number;
}

/**
 * A client uploads a message's files before sending it; when the send never comes (the writer discarded the
 * message, the device was reset), the upload would keep its bytes on the server's disk for ever. This removes
 * such uploads once the grace period has passed, at start and then every hour at most (the grace period when
 * shorter). An outbox that comes back later uploads its files again under the same client message id, so
 * nothing a writer still means to send is lost. The same sweep finishes the file work a crash interrupted.
 */
export function startUnsentUploadSweep(
  attachments: AttachmentService,
  options: UnsentSweepOptions,
): () => void {
  const now = options.now ?? Date.now;
  const sweep = async () => {
    const removedFiles = await attachments.sweepUnsent(new Date(now() - options.graceSeconds * 1000));
    if (removedFiles > 0) options.logger.info({ removedFiles }, 'removed the files of uploads never sent');
    const recoveredFiles = await attachments.recoverInterrupted(new Date(now() - INTERRUPTED_AFTER_MS));
    if (recoveredFiles > 0) {
      options.logger.warn({ recoveredFiles }, 'finished file work an earlier stop interrupted');
    }
  };
  const intervalMs = Math.min(3600, options.graceSeconds) * 1000;
  return runPeriodically(sweep, intervalMs, options.logger, 'could not sweep uploads never sent');
}
