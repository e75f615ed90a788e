import fs from 'node:fs';
import path from 'node:path';

/** Makes everything written to the database's WAL so far durable (resolves once it is on disk). */
export type WalSync = () => Promise<void>;

export interface WalSyncer {
  sync: WalSync;
  /** Closes the file handle; called before the database closes (closing the last connection deletes the WAL). */
  close: () => Promise<void>;
}

/**
 * `fdatasync` of the `-wal` file on libuv's thread pool, so the event loop keeps working while the disk
 * flushes.
 *
 * Which file: SQLite keeps one WAL file per database for as long as a connection has it open. A checkpoint
 * never replaces it: once checkpointed the WAL is reset, i.e. the next writer starts again at its beginning
 * in the same file (`wal_checkpoint(TRUNCATE)` and `journal_size_limit` shrink it with `ftruncate`, same
 * inode); only closing the last connection deletes it, and the repository closes this handle before that.
 * So one handle, opened at the first sync, stays on the right inode, and a write error the kernel reports
 * on it cannot be missed (a handle opened later may not be told of an earlier writeback failure).
 * The WAL may have been created by this connection, and in NORMAL mode SQLite does not sync the folder
 * that holds it, so the folder is synced once too: otherwise a power cut could lose the file's name.
 */
export function walSyncerOf(databaseFile: string): WalSyncer {
  let opening: Promise<fs.promises.FileHandle> | undefined;
  const open = async (): Promise<fs.promises.FileHandle> => {
    // SQLite puts the WAL beside the database's real file: a symlinked database has it beside the target.
    const walFile = `${await fs.promises.realpath(databaseFile)}-wal`;
    // 'r+': Windows flushes only a handle opened for writing; the file exists once a commit has written it.
    const handle = await fs.promises.open(walFile, 'r+');
    if (process.platform === 'win32') return handle;
    try {
      const folder = await fs.promises.open(path.dirname(walFile), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  };
  return {
    async sync() {
      opening ??= open();
      const handle = await opening.catch((error: unknown) => {
        opening = undefined;
        throw error;
      });
      await handle.datasync();
    },
    async close() {
      const handle = await opening?.catch(() => undefined);
      opening = undefined;
      await handle?.close();
    },
  };
}
