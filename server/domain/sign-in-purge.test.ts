import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { openSqliteRepository } from '../db/sqlite/repository.ts';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';
import { testDatabaseKind } from '../../test-support/test-database.ts';
import { registerUser } from '../../test-support/users.ts';
import { startSignInPurge } from './sign-in-purge.ts';

const DAY = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

// This file ages sign-ins by writing the SQLite file directly; on Postgres the purge is covered by the
// repository contract suite (server/db/repository.contract.ts).
const itOnSqlite = it.skipIf(testDatabaseKind() === 'postgres');

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

itOnSqlite(
  'forgets long-ended and long-idle sign-ins and expired tokens, and keeps everything still in use',
  async () => {
    const [endedLongAgo, endedYesterday, idle, active] = [
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
      await registerUser(t.app),
    ];
    const database = new Database(path.join(t.dataDir, 'meeshy.sqlite'));
    const repository = openSqliteRepository(path.join(t.dataDir, 'meeshy.sqlite'));
    try {
      const end = database.prepare(
        `UPDATE sessions SET ended_at = ?, end_reason = 'signed-out' WHERE user_id = ?`,
      );
      end.run(daysAgo(31), endedLongAgo.id);
      end.run(daysAgo(1), endedYesterday.id);
      // Unused for longer than the refresh lifetime (30 days) and the retention (30 more): long dead.
      database
        .prepare('UPDATE sessions SET created_at = ?, last_used_at = ? WHERE user_id = ?')
        .run(daysAgo(70), daysAgo(61), idle.id);
      // The active user's token rotated: an older, expired token of theirs lies beside the current one.
      const current = database
        .prepare<[string], { family_id: string }>('SELECT family_id FROM refresh_tokens WHERE user_id = ?')
        .get(active.id);
      database
        .prepare(
          `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, rotated_at)
         VALUES ('old-token', ?, ?, 'old-hash', ?, ?, ?)`,
        )
        .run(active.id, current?.family_id ?? '', daysAgo(40), daysAgo(10), daysAgo(39));

      const logger = { info: vi.fn(), warn: vi.fn() } as unknown as FastifyBaseLogger;
      const stop = startSignInPurge(repository, {
        refreshTokenTtlSeconds: 30 * 24 * 3600,
        intervalMs: 60_000,
        logger,
      });
      await vi.waitFor(() => {
        expect(logger.info).toHaveBeenCalled();
      });
      stop();

      const sessionsOf = (userId: string) =>
        database.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number };
      const tokensOf = (userId: string) =>
        database.prepare('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = ?').get(userId) as {
          n: number;
        };
      expect(sessionsOf(endedLongAgo.id).n).toBe(0);
      expect(tokensOf(endedLongAgo.id).n).toBe(0);
      expect(sessionsOf(idle.id).n).toBe(0);
      expect(sessionsOf(endedYesterday.id).n).toBe(1);
      expect(sessionsOf(active.id).n).toBe(1);
      expect(tokensOf(active.id).n).toBe(1);
      // The active user is still signed in and can refresh.
      const refreshed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: active.session.refreshToken },
      });
      expect(refreshed.statusCode).toBe(200);
    } finally {
      database.close();
      await repository.close();
    }
  },
);
