import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { optionalSetting, readSettings, setting, type Environment } from '../settings/reader.ts';
import {
  folderSchema,
  hostPortSchema,
  listSchema,
  textSchema,
  wholeNumber,
  type LogLevel,
} from '../settings/schemas.ts';
import {
  dataDirSetting,
  DEFAULT_SERVER_PORT,
  hostSetting,
  logLevelSetting,
  serverPortSetting,
} from '../settings/shared-settings.ts';

import { DEFAULT_DATABASE_POOL_SIZE, isPostgresUrl } from './db/open-repository.ts';
import { DEFAULT_UNSENT_UPLOAD_GRACE_SECONDS } from './attachments/unsent-sweep.ts';

export { SettingsError } from '../settings/reader.ts';

/** Everything the server process needs, resolved once at its entry: flag > environment > default. */
export interface ServerSettings {
  host: string;
  port: number;
  dataDir: string;
  databasePath: string;
  /** `DATABASE_URL`: when it names a Postgres server, the server stores there instead of in SQLite. */
  databaseUrl: string | undefined;
  /** Connections in this server's Postgres pool (each replica has its own). */
  databasePoolSize: number;
  environment: 'production' | 'development' | 'test';
  logLevel: LogLevel;
  /** Set only when the operator provides one; otherwise a secret is generated into the data folder. */
  jwtSecretOverride: string | undefined;
  auth: AuthSettings;
  limits: RequestLimits;
  /** Origins allowed to open a socket or call the API from a browser, besides the server's own. */
  allowedOrigins: string[];
  /**
   * Host names the server is reached by besides loopback names and IP addresses (a self-hosted server's
   * public name). Requests for any other name are answered 421: the DNS-rebinding defence.
   */
  publicHostnames: string[];
  /** The address anyone reaches this server at (e.g. https://chat.example.org), for the links it hands out. */
  publicUrl: string | undefined;
  /**
   * Whom to believe about the client's address (X-Forwarded-For): nobody (the socket's peer is the
   * client), or the proxies at these addresses/ranges. Every rate limit keys on the result.
   */
  trustProxy: TrustProxy;
  /** When set, `/metrics` answers only `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  /** When set, `/metrics` moves off the main port to its own listener on 127.0.0.1 at this port. */
  metricsPort: number | undefined;
  /** gRPC address of the translation service (host:port). */
  translatorAddress: string;
  /** The translator's per-launch token, presented on every call (MEESHY_TRANSLATOR_TOKEN). */
  translatorToken: string | undefined;
  /** The built web client served at `/` (by default the repository's `dist/renderer`, once built). */
  clientDir: string;
  /** Redis shared by the server's replicas; none by default (one server alone). */
  redisUrl: string | undefined;
  /** How long an uploaded file waits for the message naming it before it is removed. */
  unsentUploadGraceSeconds: number;
}

export interface AuthSettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A sign-in lasts at most this long, however often its refresh token is rotated. */
  sessionMaxAgeSeconds: number;
  /** For this long after a rotation, replaying the token it consumed returns the same new pair. */
  refreshGraceSeconds: number;
  /** Password hashes allowed to wait for a hashing slot; more get 503 with Retry-After. */
  passwordHashQueueMax: number;
  /** log2 of scrypt's N. 17 is OWASP's recommendation (N=2^17, r=8, p=1); tests lower it for speed. */
  scryptLogN: number;
  /** Attempts on one account from one address per window before that pair gets 429. */
  loginFailuresBeforeBlock: number;
  loginBlockSeconds: number;
  /** An account that keeps failing is not blocked: its attempts are spaced from this, doubling per failure… */
  loginAccountDelayBaseMs: number;
  /** …up to this. */
  loginAccountDelayMaxMs: number;
}

export interface RequestLimits {
  bodyLimitBytes: number;
  socketMaxPayloadBytes: number;
  authRequestsPerMinutePerIp: number;
  sendsPerWindowPerUser: number;
  sendWindowSeconds: number;
  /** Requests one user may make to one write route per minute. */
  writesPerMinutePerUserPerRoute: number;
  /** Conversation creations and member additions (which reach other people) per user per hour. */
  fanOutWritesPerHourPerUser: number;
  /** Sockets one user may hold open at once (every tab and device together). */
  socketsPerUser: number;
  /** Message searches one user may make per minute (each is a full-text query over their conversations). */
  searchesPerMinutePerUser: number;
}

/**
 * `false`: no proxy is trusted; a list: the proxies' addresses, CIDR ranges or proxy-addr's named ranges.
 * A hop count is not offered: it cannot tell a proxy from a client, and Fastify ignores it for that reason.
 */
export type TrustProxy = false | string[];

/** Names proxy-addr (Fastify's) knows for address ranges, besides addresses and CIDR ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

const trustedProxySchema = z.string().transform((text, context): TrustProxy => {
  const trimmed = text.trim().toLowerCase();
  if (['', '0', 'off', 'false', 'no'].includes(trimmed)) return false;
  const ranges = trimmed
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  for (const range of ranges) {
    const [address = '', prefix] = range.split('/');
    const validPrefix = prefix === undefined || /^\d{1,3}$/.test(prefix);
    if (!NAMED_RANGES.includes(range) && (net.isIP(address) === 0 || !validPrefix)) {
      context.addIssue({
        code: 'custom',
        message: `expected off, or proxy addresses, CIDR ranges, loopback, linklocal, uniquelocal (not "${range}")`,
      });
      return z.NEVER;
    }
  }
  return ranges;
});

/** An http(s) address without query or fragment; kept without its trailing slash. */
const publicUrlSchema = z
  .url('expected a URL')
  .refine((text) => /^https?:$/.test(new URL(text).protocol), 'expected an http:// or https:// URL')
  .refine((text) => new URL(text).search === '' && new URL(text).hash === '', 'expected no query or fragment')
  .transform((text) => text.replace(/\/+$/, ''));

export const DEFAULT_PORT = DEFAULT_SERVER_PORT;
export const DEFAULT_TRANSLATOR_ADDRESS = '127.0.0.1:50051';
const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * The client's build: `dist/renderer` beside the sources (server/ → ../dist/renderer), or beside the
 * compiled server in a build (dist/app/server/ → ../../renderer).
 */
const DEFAULT_CLIENT_DIR =
  [path.join(HERE, '..', 'dist', 'renderer'), path.join(HERE, '..', '..', 'renderer')].find((candidate) =>
    fs.existsSync(path.join(candidate, 'index.html')),
  ) ?? path.join(HERE, '..', 'dist', 'renderer');

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  sessionMaxAgeSeconds: 180 * 24 * 3600,
  refreshGraceSeconds: 10,
  passwordHashQueueMax: 64,
  scryptLogN: 17,
  loginFailuresBeforeBlock: 5,
  loginBlockSeconds: 15 * 60,
  loginAccountDelayBaseMs: 1000,
  loginAccountDelayMaxMs: 10_000,
};

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  bodyLimitBytes: 64 * 1024,
  // Far above a 2000-character message, far below ws's 100 MiB default.
  socketMaxPayloadBytes: 64 * 1024,
  authRequestsPerMinutePerIp: 30,
  sendsPerWindowPerUser: 50,
  sendWindowSeconds: 10,
  writesPerMinutePerUserPerRoute: 60,
  fanOutWritesPerHourPerUser: 30,
  socketsPerUser: 20,
  // Typing in the search box asks once a pause, not per key: a minute of searching stays far below this.
  searchesPerMinutePerUser: 60,
};

/** The server's settings, each declared once (the docs' settings table is read from here). */
export const SERVER_SETTINGS = {
  host: hostSetting,
  port: serverPortSetting,
  dataDir: dataDirSetting,
  logLevel: logLevelSetting,
  environment: setting<ServerSettings['environment']>({
    meaning: 'production, development or test; anything else counts as production',
    env: ['NODE_ENV'],
    schema: z.string().transform((text) => (text === 'development' || text === 'test' ? text : 'production')),
    default: 'production',
  }),
  databaseUrl: optionalSetting<string>({
    meaning:
      'postgres:// URL of a PostgreSQL database to store in (replicas share it); SQLite in the data folder when unset',
    env: ['DATABASE_URL'],
    schema: textSchema.refine(isPostgresUrl, 'expected a postgres:// or postgresql:// URL'),
    secret: true,
  }),
  databasePoolSize: setting<number>({
    meaning: 'Connections in the Postgres pool of this server',
    env: ['MEESHY_DATABASE_POOL_SIZE'],
    schema: wholeNumber(1, 1000),
    default: DEFAULT_DATABASE_POOL_SIZE,
  }),
  jwtSecret: optionalSetting<string>({
    meaning: 'Signing secret of the access tokens; by default one is generated into the data folder',
    env: ['MEESHY_JWT_SECRET'],
    schema: textSchema,
    secret: true,
  }),
  accessTokenTtlSeconds: setting<number>({
    meaning: 'Lifetime of an access token, in seconds',
    env: ['MEESHY_ACCESS_TOKEN_TTL'],
    schema: wholeNumber(30, 24 * 3600),
    default: DEFAULT_AUTH_SETTINGS.accessTokenTtlSeconds,
  }),
  refreshTokenTtlSeconds: setting<number>({
    meaning: 'Lifetime of a refresh token, in seconds',
    env: ['MEESHY_REFRESH_TOKEN_TTL'],
    schema: wholeNumber(60, 365 * 24 * 3600),
    default: DEFAULT_AUTH_SETTINGS.refreshTokenTtlSeconds,
  }),
  sessionMaxAgeSeconds: setting<number>({
    meaning: 'A sign-in lasts at most this long, in seconds, however often it is refreshed',
    env: ['MEESHY_SESSION_MAX_AGE'],
    schema: wholeNumber(60, 5 * 365 * 24 * 3600),
    default: DEFAULT_AUTH_SETTINGS.sessionMaxAgeSeconds,
  }),
  scryptLogN: setting<number>({
    meaning: "log2 of scrypt's N for password hashes (tests lower it for speed)",
    env: ['MEESHY_SCRYPT_LOG_N'],
    schema: wholeNumber(10, 20),
    default: DEFAULT_AUTH_SETTINGS.scryptLogN,
  }),
  sendsPerWindowPerUser: setting<number>({
    meaning: `Messages a user may send per ${DEFAULT_REQUEST_LIMITS.sendWindowSeconds} s`,
    env: ['MEESHY_SENDS_PER_WINDOW'],
    schema: wholeNumber(1, 100_000),
    default: DEFAULT_REQUEST_LIMITS.sendsPerWindowPerUser,
  }),
  authRequestsPerMinutePerIp: setting<number>({
    meaning: 'Sign-in and registration requests per minute from one address',
    env: ['MEESHY_AUTH_REQUESTS_PER_MINUTE'],
    schema: wholeNumber(1, 100_000),
    default: DEFAULT_REQUEST_LIMITS.authRequestsPerMinutePerIp,
  }),
  allowedOrigins: setting<string[]>({
    meaning: "Comma-separated browser origins allowed besides the server's own",
    env: ['MEESHY_ALLOWED_ORIGINS'],
    schema: listSchema,
    default: () => [],
    defaultText: 'none',
  }),
  publicHostnames: setting<string[]>({
    meaning:
      'Comma-separated host names this server is reached by besides loopback names and IP addresses (others get 421)',
    env: ['MEESHY_PUBLIC_HOSTNAMES'],
    schema: listSchema,
    default: () => [],
    defaultText: 'none',
  }),
  publicUrl: optionalSetting<string>({
    meaning:
      'The address anyone reaches this server at, e.g. https://chat.example.org (join links are handed out on it; its host name is added to the public host names)',
    env: ['MEESHY_PUBLIC_URL'],
    schema: publicUrlSchema,
  }),
  trustProxy: setting<TrustProxy>({
    meaning:
      'Proxies whose X-Forwarded-For names the client (rate limits key on it): off, or comma-separated proxy addresses, CIDR ranges, loopback, linklocal, uniquelocal',
    env: ['MEESHY_TRUST_PROXY'],
    schema: trustedProxySchema,
    default: false,
    defaultText: 'off',
  }),
  metricsToken: optionalSetting<string>({
    meaning: '/metrics answers only requests bearing this token (Authorization: Bearer …)',
    env: ['MEESHY_METRICS_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
  metricsPort: optionalSetting<number>({
    meaning: '/metrics is served on 127.0.0.1 at this port instead of the main one',
    env: ['MEESHY_METRICS_PORT'],
    schema: wholeNumber(0, 65535),
  }),
  translatorToken: optionalSetting<string>({
    meaning: 'Token the translator demands on every call (the stack generates one per launch)',
    env: ['MEESHY_TRANSLATOR_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
  translatorAddress: setting<string>({
    meaning: 'gRPC address (host:port) of the translator',
    flag: 'translator',
    env: ['MEESHY_TRANSLATOR_ADDRESS'],
    schema: hostPortSchema,
    default: DEFAULT_TRANSLATOR_ADDRESS,
  }),
  clientDir: setting<string>({
    meaning: 'The built web client served at /',
    flag: 'client-dir',
    env: ['MEESHY_CLIENT_DIR'],
    schema: folderSchema,
    default: DEFAULT_CLIENT_DIR,
    defaultText: '`dist/renderer` of the repository',
  }),
  redisUrl: optionalSetting<string>({
    meaning:
      'Redis shared by server replicas (events between them, presence, send and login budgets), e.g. redis://127.0.0.1:6379; none by default',
    env: ['REDIS_URL'],
    schema: textSchema,
    secret: true,
  }),
  unsentUploadHours: setting<number>({
    meaning:
      'Hours an uploaded file waits for the message that names it; then the upload and its bytes (unless another message uses them) are removed',
    env: ['MEESHY_UNSENT_UPLOAD_HOURS'],
    schema: wholeNumber(1, 365 * 24),
    default: DEFAULT_UNSENT_UPLOAD_GRACE_SECONDS / 3600,
  }),
};

/** The public URL's host name is one the server answers to, without naming it twice. */
function withPublicUrlHost(hostnames: string[], publicUrl: string | undefined): string[] {
  if (publicUrl === undefined) return hostnames;
  const host = new URL(publicUrl).hostname;
  return hostnames.includes(host) ? hostnames : [...hostnames, host];
}

/** Resolves the server's settings once, at its entry: flag > environment > default. */
export function resolveSettings(
  argv: readonly string[] = process.argv.slice(2),
  env: Environment = process.env,
): ServerSettings {
  const read = readSettings(SERVER_SETTINGS, argv, env);
  return {
    host: read.host,
    port: read.port,
    dataDir: read.dataDir,
    databasePath: path.join(read.dataDir, 'db', 'meeshy.sqlite'),
    databaseUrl: read.databaseUrl,
    databasePoolSize: read.databasePoolSize,
    environment: read.environment,
    logLevel: read.logLevel,
    jwtSecretOverride: read.jwtSecret,
    auth: {
      ...DEFAULT_AUTH_SETTINGS,
      accessTokenTtlSeconds: read.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: read.refreshTokenTtlSeconds,
      sessionMaxAgeSeconds: read.sessionMaxAgeSeconds,
      scryptLogN: read.scryptLogN,
    },
    limits: {
      ...DEFAULT_REQUEST_LIMITS,
      sendsPerWindowPerUser: read.sendsPerWindowPerUser,
      authRequestsPerMinutePerIp: read.authRequestsPerMinutePerIp,
    },
    allowedOrigins: read.allowedOrigins,
    publicHostnames: withPublicUrlHost(read.publicHostnames, read.publicUrl),
    publicUrl: read.publicUrl,
    trustProxy: read.trustProxy,
    metricsToken: read.metricsToken,
    metricsPort: read.metricsPort,
    translatorToken: read.translatorToken,
    translatorAddress: read.translatorAddress,
    clientDir: read.clientDir,
    redisUrl: read.redisUrl,
    unsentUploadGraceSeconds: read.unsentUploadHours * 3600,
  };
}
