import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultDataDir } from '../stack/data-dir.ts';

/** Everything the server process needs, resolved once at its entry: flag > environment > default. */
export interface ServerSettings {
  host: string;
  port: number;
  dataDir: string;
  databasePath: string;
  environment: 'production' | 'development' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  /** gRPC address of the translation service (host:port). */
  translatorAddress: string;
  /** The translator's per-launch token, presented on every call (MEESHY_TRANSLATOR_TOKEN). */
  translatorToken: string | undefined;
  /** The built web client served at `/` (by default the repository's `dist/renderer`, once built). */
  clientDir: string;
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
}

export const DEFAULT_PORT = 3001;
export const DEFAULT_TRANSLATOR_ADDRESS = '127.0.0.1:50051';
const DEFAULT_CLIENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer');

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
};

const HOST_PORT = /^[\w.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const environmentSchema = z.object({
  MEESHY_HOST: z.string().min(1).optional(),
  MEESHY_PORT: intFrom(0, 65535).optional(),
  MEESHY_DATA_DIR: z.string().min(1).optional(),
  MEESHY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NODE_ENV: z.string().optional(),
  MEESHY_JWT_SECRET: z.string().optional(),
  MEESHY_ACCESS_TOKEN_TTL: intFrom(30, 24 * 3600).optional(),
  MEESHY_REFRESH_TOKEN_TTL: intFrom(60, 365 * 24 * 3600).optional(),
  MEESHY_SESSION_MAX_AGE: intFrom(60, 5 * 365 * 24 * 3600).optional(),
  MEESHY_SCRYPT_LOG_N: intFrom(10, 20).optional(),
  MEESHY_SENDS_PER_WINDOW: intFrom(1, 100_000).optional(),
  MEESHY_AUTH_REQUESTS_PER_MINUTE: intFrom(1, 100_000).optional(),
  MEESHY_ALLOWED_ORIGINS: z.string().optional(),
  MEESHY_PUBLIC_HOSTNAMES: z.string().optional(),
  MEESHY_TRANSLATOR_ADDRESS: z.string().regex(HOST_PORT).optional(),
  MEESHY_TRANSLATOR_TOKEN: z.string().min(1).optional(),
  MEESHY_CLIENT_DIR: z.string().min(1).optional(),
});

export class SettingsError extends Error {}

export function resolveSettings(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): ServerSettings {
  const { values: flags } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string' },
      translator: { type: 'string' },
      'client-dir': { type: 'string' },
    },
    strict: true,
  });
  const parsedEnv = environmentSchema.safeParse(env);
  if (!parsedEnv.success) {
    throw new SettingsError(`Invalid environment: ${z.prettifyError(parsedEnv.error)}`);
  }
  const fromEnv = parsedEnv.data;
  const port = flags.port === undefined ? (fromEnv.MEESHY_PORT ?? DEFAULT_PORT) : parsePort(flags.port);
  const logLevel = environmentSchema.shape.MEESHY_LOG_LEVEL.parse(
    flags['log-level'] ?? fromEnv.MEESHY_LOG_LEVEL,
  );
  const dataDir = path.resolve(flags['data-dir'] ?? fromEnv.MEESHY_DATA_DIR ?? defaultDataDir());
  const environment =
    fromEnv.NODE_ENV === 'development' || fromEnv.NODE_ENV === 'test' ? fromEnv.NODE_ENV : 'production';
  return {
    host: flags.host ?? fromEnv.MEESHY_HOST ?? '127.0.0.1',
    port,
    dataDir,
    databasePath: path.join(dataDir, 'db', 'meeshy.sqlite'),
    environment,
    logLevel: logLevel ?? 'info',
    jwtSecretOverride: fromEnv.MEESHY_JWT_SECRET,
    auth: {
      ...DEFAULT_AUTH_SETTINGS,
      accessTokenTtlSeconds: fromEnv.MEESHY_ACCESS_TOKEN_TTL ?? DEFAULT_AUTH_SETTINGS.accessTokenTtlSeconds,
      refreshTokenTtlSeconds:
        fromEnv.MEESHY_REFRESH_TOKEN_TTL ?? DEFAULT_AUTH_SETTINGS.refreshTokenTtlSeconds,
      scryptLogN: fromEnv.MEESHY_SCRYPT_LOG_N ?? DEFAULT_AUTH_SETTINGS.scryptLogN,
      sessionMaxAgeSeconds: fromEnv.MEESHY_SESSION_MAX_AGE ?? DEFAULT_AUTH_SETTINGS.sessionMaxAgeSeconds,
    },
    limits: {
      ...DEFAULT_REQUEST_LIMITS,
      sendsPerWindowPerUser: fromEnv.MEESHY_SENDS_PER_WINDOW ?? DEFAULT_REQUEST_LIMITS.sendsPerWindowPerUser,
      authRequestsPerMinutePerIp:
        fromEnv.MEESHY_AUTH_REQUESTS_PER_MINUTE ?? DEFAULT_REQUEST_LIMITS.authRequestsPerMinutePerIp,
    },
    translatorAddress:
      parseTranslatorAddress(flags.translator) ??
      fromEnv.MEESHY_TRANSLATOR_ADDRESS ??
      DEFAULT_TRANSLATOR_ADDRESS,
    translatorToken: fromEnv.MEESHY_TRANSLATOR_TOKEN,
    clientDir: path.resolve(flags['client-dir'] ?? fromEnv.MEESHY_CLIENT_DIR ?? DEFAULT_CLIENT_DIR),
    allowedOrigins: commaList(fromEnv.MEESHY_ALLOWED_ORIGINS),
    publicHostnames: commaList(fromEnv.MEESHY_PUBLIC_HOSTNAMES),
  };
}

function commaList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SettingsError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parseTranslatorAddress(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!HOST_PORT.test(text)) throw new SettingsError(`--translator must be host:port, got "${text}"`);
  return text;
}
