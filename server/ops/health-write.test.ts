import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import type { TestDatabase } from '../../test-support/test-database.ts';
import { registerUser } from '../../test-support/users.ts';
import type { HealthReport } from './health.ts';

/**
 * Makes the database refuse writes for real, and returns how to undo it:
 * - SQLite: the database file and its WAL become immutable (`chattr +i`), which even root and the
 *   already-open file descriptors cannot write through, as on a filesystem remounted read-only;
 * - Postgres: the database becomes read-only for new sessions and the server's sessions are ended, so
 *   its pool reconnects into read-only transactions.
 */
async function refuseWrites(database: TestDatabase): Promise<() => Promise<void>> {
  if (database.kind === 'sqlite') {
    const files = [database.file, `${database.file}-wal`].filter((file) => fs.existsSync(file));
    execFileSync('chattr', ['+i', ...files]);
    return () => {
      execFileSync('chattr', ['-i', ...files]);
      return Promise.resolve();
    };
  }
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const name = (await admin.query<{ name: string }>('select current_database() as name')).rows[0]?.name ?? '';
  const setReadOnly = async (readOnly: boolean) => {
    await admin.query(
      `alter database "${name}" set default_transaction_read_only = ${readOnly ? 'on' : 'off'}`,
    );
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
  };
  await setReadOnly(true);
  return async () => {
    await setReadOnly(false);
    await admin.end();
  };
}

/** Retries a few times: Postgres connections ended by the test are noticed by the pool one at a time. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('/health probes a write (issue 12, found by reading)', () => {
  let t: TestApp;
  let undo: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    t = await createTestApp();
    await t.listen();
  });
  afterEach(async () => {
    await undo?.();
    undo = undefined;
    await t.close();
  });

  const health = async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    return { status: response.status, report: (await response.json()) as HealthReport };
  };

  it('reports the database down while it answers reads but cannot commit, and up again after', async () => {
    const ann = await registerUser(t.app);
    expect((await health()).status).toBe(200);

    undo = await refuseWrites(t.database);
    // Reads still work: `select 1` alone would have said all is well. (On Postgres the pool may first
    // hand out a connection whose end it has not noticed yet; the next one is fresh.)
    await eventually(() => t.services.repository.ping());
    expect((await t.services.repository.findUserById(ann.id))?.username).toBe(ann.username);
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.report.components.database).toMatchObject({ status: 'down' });
    expect(down.report.components.realtime?.status).toBe('up');

    await undo();
    undo = undefined;
    const again = await eventually(async () => {
      const answer = await health();
      if (answer.status !== 200) throw new Error(`still ${answer.status}`);
      return answer;
    });
    expect(again.status).toBe(200);
    expect(again.report.components.database?.status).toBe('up');
  });
});
