import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { walSyncerOf } from './wal-sync.ts';

describe('the WAL sync', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('finds the WAL beside the real file of a database opened through a symlink', async () => {
    const [real, linked] = [makeTempDir('meeshy-wal-real-'), makeTempDir('meeshy-wal-link-')];
    folders.push(real, linked);
    const link = path.join(linked, 'meeshy.sqlite');
    fs.symlinkSync(path.join(real, 'meeshy.sqlite'), link);
    const database = new Database(link);
    database.pragma('journal_mode = WAL');
    database.exec('create table t (x); insert into t values (1)');
    // SQLite resolved the link: the WAL is beside the target, none beside the link.
    expect(fs.existsSync(path.join(real, 'meeshy.sqlite-wal'))).toBe(true);
    expect(fs.existsSync(`${link}-wal`)).toBe(false);
    const syncer = walSyncerOf(link);
    try {
      await expect(syncer.sync()).resolves.toBeUndefined();
    } finally {
      await syncer.close();
      database.close();
    }
  });
});
