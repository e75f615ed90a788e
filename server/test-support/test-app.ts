import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { AuthSession } from '../../contract/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/events.ts';
import { buildApp, type AppOptions, type BuiltApp } from '../app.ts';
import { openSqliteRepository } from '../db/sqlite/repository.ts';
import { DEFAULT_AUTH_SETTINGS, DEFAULT_REQUEST_LIMITS } from '../settings.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApp extends BuiltApp {
  dataDir: string;
  /** Set once `listen()` has been called. */
  baseUrl: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function makeTempDir(prefix = 'meeshy-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
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

let userCounter = 0;

export interface TestUser {
  id: string;
  username: string;
  token: string;
  session: AuthSession;
  auth: { authorization: string };
}

export async function registerUser(
  app: BuiltApp['app'],
  overrides: Record<string, unknown> = {},
): Promise<TestUser> {
  userCounter += 1;
  const username = `user${userCounter}_${randomUUID().slice(0, 6)}`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { username, email: `${username}@example.test`, password: 'correct horse battery', ...overrides },
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const session = response.json<AuthSession>();
  return {
    id: session.user.id,
    username: session.user.username,
    token: session.accessToken,
    session,
    auth: { authorization: `Bearer ${session.accessToken}` },
  };
}

/** Creates (or finds) the direct conversation between two users and returns its id. */
export async function directConversation(
  app: BuiltApp['app'],
  from: TestUser,
  to: TestUser,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: from.auth,
    payload: { type: 'direct', memberIds: [to.id] },
  });
  if (response.statusCode >= 300) throw new Error(`direct conversation failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

export function connectSocket(baseUrl: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(baseUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the first matching event's payload, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  matches: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** Collects every payload of an event until stopped. */
export function recordEvents<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
    seen.push(payload);
  }) as never);
  return seen;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an expired access token gets; a token of an ended sign-in must get exactly this. */
export const EXPIRED_TOKEN_BODY = {
  error: { code: 'TOKEN_EXPIRED', message: 'Access token expired; refresh it' },
};

/** Resolves with the reason the socket was disconnected for. */
export const disconnected = (socket: ClientSocket) =>
  new Promise<string>((resolve) => {
    socket.once('disconnect', resolve);
  });
