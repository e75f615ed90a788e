import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { backupOnline, newestBackupTime } from './backups.ts';

export interface MaintenanceOptions {
  /** How often the database is looked at (for idleness, and whether a backup is due). */
  tickMs: number;
  /** A backup is taken when the newest one is older than this. */
  backupEveryMs: number;
  /** Where failures and large WALs are reported. */
  report: (line: string) => void;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  tickMs: 30_000,
  backupEveryMs: 24 * 3600 * 1000,
  report: (line) => process.stderr.write(`${line}\n`),
};

/** Past this size the WAL is reported: a long reader is keeping checkpoints from completing. */
const LARGE_WAL_BYTES = 64 * 1024 * 1024;

/**
 * Background care of a SQLite database a server writes to:
 * - once no write happened for a whole tick after some did, the WAL is checkpointed and truncated, so it
 *   does not keep growing between the automatic checkpoints and a crash leaves little to replay;
 * - when the newest backup is older than `backupEveryMs`, an online backup is taken (kept if its
 *   integrity check passes; the three newest are kept).
 * Returns the function that stops it.
 */
export function startMaintenance(sqlite: Database.Database, options: MaintenanceOptions): () => void {
  const totalChanges = sqlite.prepare('select total_changes() as n').pluck();
  let seenChanges = totalChanges.get() as number;
  let checkpointedAt = seenChanges;
  let backingUp = false;

  const checkpointIfIdle = () => {
    const changes = totalChanges.get() as number;
    const idle = changes === seenChanges;
    seenChanges = changes;
    if (!idle || changes === checkpointedAt) return;
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    // A reader in the middle of a transaction keeps the WAL; the next idle tick tries again.
    if (result?.busy === 0) checkpointedAt = changes;
    const walBytes = fs.statSync(`${sqlite.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (walBytes > LARGE_WAL_BYTES) {
      options.report(
        `database: the WAL of ${sqlite.name} is ${Math.round(walBytes / 1048576)} MB and could not be checkpointed`,
      );
    }
  };

  const backupIfDue = () => {
    const newest = newestBackupTime(sqlite.name);
    if (backingUp || (newest !== undefined && Date.now() - newest < options.backupEveryMs)) return;
    backingUp = true;
    backupOnline(sqlite, 'daily')
      .catch((error: unknown) => {
        options.report(
          `database: daily backup failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        backingUp = false;
      });
  };

  const tick = () => {
    if (!sqlite.open) return;
    try {
      checkpointIfIdle();
      backupIfDue();
    } catch (error) {
      options.report(
        `database: maintenance failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  // The first look is right away: a server started after a day off backs up without waiting a tick.
  const first = setImmediate(tick);
  const timer = setInterval(tick, options.tickMs);
  timer.unref();
  return () => {
    clearImmediate(first);
    clearInterval(timer);
  };
}
