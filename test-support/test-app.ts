import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions, type BuiltApp } from '../server/app.ts';
import { openSqliteRepository } from '../server/db/sqlite/repository.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../server/settings.ts';
import { makeTempDir } from './temp-dir.ts';

export interface TestApp extends BuiltApp {
  dataDir: string;
  /** Set once `listen()` has been called. */
  baseUrl: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** A real app over a real SQLite file in a throwaway folder; scrypt cost lowered so tests stay quick. */
export async function createTestApp(overrides: Partial<AppOptions> = {}): Promise<TestApp> {
  const dataDir = makeTempDir();
  const repository = overrides.repository ?? openSqliteRepository(path.join(dataDir, 'meeshy.sqlite'));
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
    ...overrides,
  });
  const testApp: TestApp = {
    ...built,
    dataDir,
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
