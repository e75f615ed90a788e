import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { GroupCommit } from './group-commit.ts';

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
    expect(events.slice(0, 4)).toEqual([
      'run a in transaction: true',
      'run b in transaction: true',
      'run a in transaction: true',
      'run c in transaction: true',
    ]);
    expect(events.slice(4)).toEqual([
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
});
