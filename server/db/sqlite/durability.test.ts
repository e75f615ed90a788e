import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsUpTo, readJournal } from '../../../test-support/migrations.ts';
import { makeTempDir, sleep } from '../../../test-support/temp-dir.ts';
import {
  backupFolderOf,
  BackupError,
  backupNow,
  backupOnline,
  BACKUPS_KEPT,
  integrityProblems,
  listBackups,
} from './backups.ts';
import { runningMarkerOf, UncleanShutdownError } from './clean-shutdown.ts';
import { openSqlite } from './connection.ts';
import { applySqliteMigrations, SQLITE_MIGRATIONS_FOLDER } from './migrate.ts';
import { openSqliteRepository } from './repository.ts';

const REPOSITORY_MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'repository.ts');
const journal = readJournal(SQLITE_MIGRATIONS_FOLDER);
const hashOf = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const appliedMigrations = (db: Database.Database) =>
  (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;

/** A server process that opens the database as a server does, then dies at once without closing it. */
function crashWhileOpen(file: string): void {
  const script = `const { openSqliteRepository } = await import(${JSON.stringify(REPOSITORY_MODULE)});
openSqliteRepository(process.argv[1], { maintenance: { tickMs: 3600000 } });
process.kill(process.pid, 'SIGKILL');`;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script, file], {
      stdio: 'pipe',
    });
  } catch (error) {
    if ((error as { signal?: string }).signal !== 'SIGKILL') throw error;
  }
}

describe('SQLite durability (issue 12 / reliability.md §3)', () => {
  let dir = '';
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const databaseFile = () => {
    dir = makeTempDir('meeshy-durability-');
    return path.join(dir, 'db', 'meeshy.sqlite');
  };

  it('backs up before migrations that change an existing database, and only then', () => {
    const file = databaseFile();
    const connection = openSqlite(file);
    // A fresh database has nothing to lose: no backup.
    applySqliteMigrations(
      connection,
      migrationsUpTo(SQLITE_MIGRATIONS_FOLDER, journal.entries.length - 1, dir),
    );
    expect(listBackups(file)).toEqual([]);
    connection.sqlite
      .prepare(
        `insert into users (id, username, username_key, email, display_name, password_hash, created_at, updated_at)
         values ('u1', 'Ann', 'ann', 'ann@example.test', 'Ann', 'scrypt$x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      )
      .run();

    applySqliteMigrations(connection);
    const backup = listBackups(file)[0] ?? '';
    expect(listBackups(file)).toHaveLength(1);
    expect(backup).toMatch(/before-migration\.sqlite$/);
    expect(integrityProblems(backup)).toBeUndefined();
    // The copy is the database as it was before the last migration: Ann, and not that migration (counted
    // rather than named by what it changes, so that the next migration added leaves this test as it is).
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('select username from users').all()).toEqual([{ username: 'Ann' }]);
    expect(appliedMigrations(copy)).toBe(journal.entries.length - 1);
    copy.close();
    expect(appliedMigrations(connection.sqlite)).toBe(journal.entries.length);

    // Nothing pending: no new backup.
    applySqliteMigrations(connection);
    expect(listBackups(file)).toHaveLength(1);
    connection.sqlite.close();
  });

  it(`keeps the ${BACKUPS_KEPT} newest backups`, async () => {
    const file = databaseFile();
    const repository = openSqliteRepository(file);
    const sqlite = new Database(file);
    const taken: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      taken.push(index % 2 === 0 ? backupNow(sqlite, 'daily') : await backupOnline(sqlite, 'daily'));
      await sleep(5);
    }
    expect(listBackups(file)).toEqual(taken.slice(-BACKUPS_KEPT));
    // Each backup is one self-contained file: nothing partial, no -wal or -shm beside it.
    expect(fs.readdirSync(backupFolderOf(file)).sort()).toEqual(
      taken.slice(-BACKUPS_KEPT).map((name) => path.basename(name)),
    );
    sqlite.close();
    await repository.close();
  });

  it('discards a copy that fails its integrity check instead of keeping it as a backup', async () => {
    const file = databaseFile();
    const setup = openSqlite(file);
    setup.sqlite.exec('create table filler (id integer primary key, text text)');
    const insert = setup.sqlite.prepare('insert into filler (text) values (?)');
    for (let index = 0; index < 200; index += 1) insert.run('x'.repeat(200));
    const rootPage = setup.sqlite
      .prepare("select rootpage from sqlite_master where name = 'filler'")
      .pluck()
      .get() as number;
    const pageSize = setup.sqlite.pragma('page_size', { simple: true }) as number;
    setup.sqlite.close();
    // Damage the table's root page on disk: the backup API copies pages as they are, damage included.
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.alloc(16, 0xff), 0, 16, (rootPage - 1) * pageSize);
    fs.closeSync(handle);

    const damaged = new Database(file);
    await expect(backupOnline(damaged, 'daily')).rejects.toThrow(BackupError);
    expect(() => backupNow(damaged, 'daily')).toThrow(BackupError);
    damaged.close();
    expect(listBackups(file)).toEqual([]);
    expect(fs.readdirSync(backupFolderOf(file))).toEqual([]);
  });

  it('takes a daily backup online and checkpoints the WAL once writes stop', async () => {
    const file = databaseFile();
    const reports: string[] = [];
    const repository = openSqliteRepository(file, {
      maintenance: { tickMs: 100, backupEveryMs: 3600_000, report: (line) => reports.push(line) },
    });
    for (let attempt = 0; attempt < 50 && listBackups(file).length === 0; attempt += 1) await sleep(100);
    const daily = listBackups(file)[0] ?? '';
    expect(daily).toMatch(/daily\.sqlite$/);
    expect(integrityProblems(daily)).toBeUndefined();

    await repository.probeWrite();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 50 && fs.statSync(`${file}-wal`).size > 0; attempt += 1) await sleep(100);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    // The newest backup is recent, so no second one is taken.
    expect(listBackups(file)).toHaveLength(1);
    expect(reports).toEqual([]);
    await repository.close();
  });

  it('runs quick_check after an unclean shutdown, and refuses a damaged database untouched', async () => {
    const file = databaseFile();
    const first = openSqliteRepository(file, { maintenance: { tickMs: 3600_000 } });
    expect(fs.existsSync(runningMarkerOf(file))).toBe(true);
    await first.close();
    expect(fs.existsSync(runningMarkerOf(file))).toBe(false);

    crashWhileOpen(file);
    expect(fs.existsSync(runningMarkerOf(file))).toBe(true);
    const reports: string[] = [];
    const afterCrash = openSqliteRepository(file, {
      maintenance: { tickMs: 3600_000, report: (line) => reports.push(line) },
    });
    expect(reports).toEqual([
      expect.stringMatching(/did not close .* cleanly; its quick check found no damage/),
    ]);
    await afterCrash.close();

    crashWhileOpen(file);
    const inspect = new Database(file);
    const rootPage = inspect
      .prepare("select rootpage from sqlite_master where name = 'users'")
      .pluck()
      .get() as number;
    const pageSize = inspect.pragma('page_size', { simple: true }) as number;
    inspect.close();
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.alloc(8, 0xff), 0, 8, (rootPage - 1) * pageSize);
    fs.closeSync(handle);
    const before = hashOf(file);
    expect(() => openSqliteRepository(file, { maintenance: { tickMs: 3600_000 } })).toThrow(
      UncleanShutdownError,
    );
    expect(() => openSqliteRepository(file, { maintenance: { tickMs: 3600_000 } })).toThrow(
      /restore the newest backup from .*backups/,
    );
    expect(hashOf(file)).toBe(before);
  });
});
