import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FileSystemAttachmentStore } from '../server/attachments/fs-attachment-store.ts';
import { buildApp, type AppOptions, type BuiltApp } from '../server/app.ts';
import type { ChatRepository } from '../server/db/repository.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../server/settings.ts';
import { makeTempDir } from './temp-dir.ts';
import { createTestDatabase, openTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp extends BuiltApp {
  dataDir: string;
  /** The app's database (SQLite, or Postgres under `MEESHY_TEST_DATABASE=postgres`). */
  database: TestDatabase;
  /** Another repository on the same data, as a second server replica would open it; the caller closes it. */
  openSecondRepository(): Promise<ChatRepository>;
  /** Set once `listen()` has been called. */
  baseUrl: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real app over a real database: a SQLite file in a throwaway folder, or under
 * `MEESHY_TEST_DATABASE=postgres` a fresh database on the run's throwaway Postgres. Scrypt cost lowered so
 * tests stay quick.
 */
export async function createTestApp(overrides: Partial<AppOptions> = {}): Promise<TestApp> {
  const dataDir = makeTempDir();
  const database = await createTestDatabase(dataDir);
  const repository = overrides.repository ?? (await openTestDatabase(database));
  const built = await buildApp({
    repository,
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    environment: 'test',
    auth: { ...DEFAULT_AUTH_SETTINGS, scryptLogN: 10 },
    limits: {
      ...DEFAULT_REQUEST_LIMITS,
      authRequestsPerMinutePerIp: 10_000,
      sendsPerWindowPerUser: 10_000,
      writesPerMinutePerUserPerRoute: 10_000,
      fanOutWritesPerHourPerUser: 10_000,
    },
    allowedOrigins: [],
    attachments: {
      store: new FileSystemAttachmentStore(path.join(dataDir, 'attachments')),
      spoolDir: path.join(dataDir, 'uploads'),
    },
    ...overrides,
  });
  const testApp: TestApp = {
    ...built,
    dataDir,
    database,
    openSecondRepository: () => openTestDatabase(database),
    baseUrl: '',
    async listen() {
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = built.app.server.address() as AddressInfo;
      testApp.baseUrl = `http://127.0.0.1:${port}`;
      return testApp.baseUrl;
    },
    async close() {
      await built.app.close();
      await repository.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}
