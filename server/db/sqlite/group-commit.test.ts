import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { GroupCommit } from './group-commit.ts';
import { StorageSyncError } from './storage-sync-error.ts';
import { walSyncerOf } from './wal-sync.ts';

/** A WAL sync the test finishes by hand: each call waits until `finish()` (or `fail()`) settles it. */
function heldSyncs() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    sync: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    started: () => pending.length,
    finish: (index: number) => pending[index]?.resolve(),
    fail: (index: number, error: Error) => pending[index]?.reject(error),
  };
}

/** Lets every queued turn run (setImmediate callbacks and the promise jobs they start). */
const turns = async (count = 3) => {
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('GroupCommit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    const dir = makeTempDir('meeshy-group-commit-');
    dirs.push(dir);
    const sqlite = new Database(path.join(dir, 'db.sqlite'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('create table t (id integer primary key, name text not null unique)');
    return sqlite;
  };

  it('runs the writes of one turn in one transaction, answers each after the commit, and fails a bad one alone', async () => {
    const sqlite = open();
    const commits = new GroupCommit(sqlite);
    const events: string[] = [];
    const insert = (name: string) => () => {
      events.push(`run ${name} in transaction: ${sqlite.inTransaction}`);
      return sqlite.prepare('insert into t (name) values (?)').run(name).lastInsertRowid;
    };
    const settled = ['a', 'b', 'a', 'c'].map((name) =>
      commits.run(insert(name)).then(
        () => {
          events.push(`answered ${name}, committed: ${!sqlite.inTransaction}`);
        },
        (error: unknown) => {
          events.push(`refused ${name}: ${(error as Error).message}`);
        },
      ),
    );
    await Promise.all(settled);
    // First without savepoints: the second 'a' fails, the whole transaction rolls back, and the batch runs
    // again with a savepoint per write, so that only that write fails.
    expect(events.slice(0, 7)).toEqual([
      'run a in transaction: true',
      'run b in transaction: true',
      'run a in transaction: true',
      'run a in transaction: true',
      'run b in transaction: true',
      'run a in transaction: true',
      'run c in transaction: true',
    ]);
    expect(events.slice(7)).toEqual([
      'answered a, committed: true',
      'answered b, committed: true',
      'refused a: UNIQUE constraint failed: t.name',
      'answered c, committed: true',
    ]);
    expect(sqlite.prepare('select name from t order by id').pluck().all()).toEqual(['a', 'b', 'c']);
    sqlite.close();
  });

  it('commits what is queued when flushed before the database closes', async () => {
    const sqlite = open();
    const commits = new GroupCommit(sqlite);
    const answered = commits.run(() => sqlite.prepare("insert into t (name) values ('late')").run().changes);
    commits.flush();
    sqlite.close();
    await expect(answered).resolves.toBe(1);
  });

  it('answers a batch only after its WAL sync, commits the next batch meanwhile, and keeps FULL for other writes', async () => {
    const sqlite = open();
    sqlite.pragma('synchronous = FULL');
    const syncs = heldSyncs();
    const commits = new GroupCommit(sqlite, syncs.sync);
    const levels: number[] = [];
    const insert = (name: string) => () => {
      levels.push(Number(sqlite.pragma('synchronous', { simple: true })));
      return sqlite.prepare('insert into t (name) values (?)').run(name).changes;
    };
    const answered: string[] = [];
    const first = commits.run(insert('a')).then(() => answered.push('a'));
    await turns();
    // Committed (another connection reads it) but not answered: its sync has not finished.
    const reader = new Database(sqlite.name, { readonly: true });
    expect(reader.prepare('select name from t').pluck().all()).toEqual(['a']);
    expect(syncs.started()).toBe(1);
    expect(answered).toEqual([]);
    // The connection is back to FULL between batches, for the writes that do not go through here.
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);

    // The next batch commits while the first sync runs, and waits for a sync of its own.
    const second = commits.run(insert('b')).then(() => answered.push('b'));
    await turns();
    expect(reader.prepare('select name from t order by id').pluck().all()).toEqual(['a', 'b']);
    // A read made now (it sees b) is handed out only once b is durable.
    const durableRead = commits.durable('read after b').then((value) => answered.push(value));
    expect(syncs.started()).toBe(1);
    syncs.finish(0);
    await first;
    expect(answered).toEqual(['a']);
    expect(syncs.started()).toBe(2);
    syncs.finish(1);
    await Promise.all([second, durableRead]);
    expect(answered).toEqual(['a', 'b', 'read after b']);
    // Inside the transaction the commit was NORMAL (1): its sync is the one on the thread pool.
    expect(levels).toEqual([1, 1]);
    await expect(commits.durable('nothing pending')).resolves.toBe('nothing pending');
    reader.close();
    sqlite.close();
  });

  it('refuses the writes of a failed sync, and every later write and durable read, with a clear error', async () => {
    const sqlite = open();
    const syncs = heldSyncs();
    const reports: string[] = [];
    const commits = new GroupCommit(sqlite, syncs.sync, (line) => reports.push(line));
    const first = commits.run(() => sqlite.prepare("insert into t (name) values ('lost')").run().changes);
    await turns();
    const waitingRead = commits.durable('read');
    syncs.fail(0, Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(first).rejects.toThrow(StorageSyncError);
    await expect(first).rejects.toMatchObject({ code: 'STORAGE_FAILED', statusCode: 503 });
    await expect(first).rejects.toThrow(/could not make its database durable on disk \(EIO: i\/o error/);
    await expect(waitingRead).rejects.toThrow(StorageSyncError);
    // After a failed fsync no later one can vouch for those pages: nothing more is taken or handed out.
    await expect(commits.run(() => 1)).rejects.toThrow(StorageSyncError);
    await expect(commits.durable('later')).rejects.toThrow(StorageSyncError);
    expect(syncs.started()).toBe(1);
    expect(reports).toEqual([expect.stringMatching(/syncing the WAL of .* failed \(EIO: i\/o error/)]);
    sqlite.close();
  });

  it('syncs the same WAL file across checkpoints that reset and truncate it', async () => {
    const sqlite = open();
    const syncer = walSyncerOf(sqlite.name);
    const commits = new GroupCommit(sqlite, syncer.sync);
    const inodeOfWal = () => fs.statSync(`${sqlite.name}-wal`).ino;
    await commits.run(() => sqlite.prepare("insert into t (name) values ('one')").run().changes);
    const inode = inodeOfWal();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.statSync(`${sqlite.name}-wal`).size).toBe(0);
    await commits.run(() => sqlite.prepare("insert into t (name) values ('two')").run().changes);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
    await commits.run(() => sqlite.prepare("insert into t (name) values ('three')").run().changes);
    expect(inodeOfWal()).toBe(inode);
    await syncer.close();
    sqlite.close();
    const reopened = new Database(path.join(path.dirname(sqlite.name), 'db.sqlite'), { readonly: true });
    expect(reopened.prepare('select name from t order by id').pluck().all()).toEqual(['one', 'two', 'three']);
    reopened.close();
  });
});
