import { AppError } from '../../errors.ts';

/**
 * A sync of the database's WAL failed: what was written since the last good sync may not be on disk, and
 * after a failed fsync no later one can vouch for it. Writes waiting for it, and every later one, are refused
 * with this until the server restarts (see group-commit.ts).
 */
export class StorageSyncError extends AppError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      503,
      'STORAGE_FAILED',
      `The server could not make its database durable on disk (${reason}), so this was not stored; ` +
        'it refuses new messages until it is restarted',
    );
    this.name = 'StorageSyncError';
    this.cause = cause;
  }
}
