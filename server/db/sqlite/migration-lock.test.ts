import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScript } from '../../../test-support/script-process.ts';
import { makeTempDir } from '../../../test-support/temp-dir.ts';
import { lockForMigration, MigrationLockTimeout } from './migration-lock.ts';

describe('the migration lock', () => {
  const dirs: string[] = [];
  const kills: (() => void)[] = [];
  afterEach(() => {
    for (const kill of kills.splice(0)) kill();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for another process migrating the same database, then names it when it does not let go', async () => {
    const dir = makeTempDir('meeshy-migration-lock-');
    dirs.push(dir);
    const database = path.join(dir, 'meeshy.sqlite');
    fs.writeFileSync(database, '');
    const { child: holder, said } = runScript(
      "import { lockForMigration } from './server/db/sqlite/migration-lock.ts'; lockForMigration(process.argv[1], 0); console.log('took'); setInterval(() => {}, 1000);",
      [database],
    );
    kills.push(() => holder.kill('SIGKILL'));
    expect(await said).toBe('took');

    const attempt = () => lockForMigration(database, 500);
    expect(attempt).toThrow(MigrationLockTimeout);
    expect(attempt).toThrow(
      new RegExp(`^process ${holder.pid} \\(migrating since .*\\) kept ${database} locked for migrations`),
    );

    holder.kill('SIGKILL');
    await new Promise<void>((resolve) =>
      holder.once('exit', () => {
        resolve();
      }),
    );
    // The system dropped its lock; its note, left behind, is replaced by this holder's.
    const lock = lockForMigration(database, 60_000);
    expect(JSON.parse(fs.readFileSync(`${database}.migrating`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(fs.existsSync(`${database}.migrating`)).toBe(false);
  });
});
