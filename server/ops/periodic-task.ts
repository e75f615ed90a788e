import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs a maintenance task once now and then every `intervalMs`, logging (not throwing) its failures; returns
 * what stops it. The timer never keeps a process alive that is otherwise done.
 */
export function runPeriodically(
  task: () => Promise<void>,
  intervalMs: number,
  logger: FastifyBaseLogger,
  failure: string,
): () => void {
  const run = () => {
    task().catch((error: unknown) => {
      logger.warn({ err: error }, failure);
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
