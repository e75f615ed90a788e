import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import { AppError } from '../errors.ts';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

/**
 * At most two hashes at a time: each takes 128 × N × r bytes (128 MiB at OWASP's N=2^17), so a flood of
 * logins queues up instead of exhausting memory or the libuv pool the rest of the server needs.
 */
const hashingSlots = pLimit(2);

/**
 * Hashes allowed to wait for a slot. Past this a sign-in flood would only queue up minutes of work and
 * memory for answers nobody waits for: the caller gets 503 with Retry-After instead.
 */
export const DEFAULT_HASH_QUEUE_MAX = 64;

const serverBusy = () =>
  new AppError(503, 'SERVER_BUSY', 'Too many sign-ins at once; retry in a moment', { 'retry-after': '2' });

function deriveKey(password: string, salt: Buffer, logN: number, queueMax: number): Promise<Buffer> {
  if (hashingSlots.pendingCount >= queueMax) return Promise.reject(serverBusy());
  const options: ScryptOptions = {
    N: 2 ** logN,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: 256 * 2 ** logN * BLOCK_SIZE,
  };
  return hashingSlots(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => {
          if (error) reject(error);
          else resolve(key);
        });
      }),
  );
}

/** Self-describing hash: `scrypt$<logN>$<r>$<p>$<salt>$<key>`, so the cost can be raised later per user. */
export async function hashPassword(
  password: string,
  logN: number,
  queueMax = DEFAULT_HASH_QUEUE_MAX,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt, logN, queueMax);
  return [
    'scrypt',
    logN,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(
  password: string,
  stored: string,
  queueMax = DEFAULT_HASH_QUEUE_MAX,
): Promise<boolean> {
  const [scheme, logNText, , , saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || logNText === undefined || saltText === undefined || keyText === undefined) {
    return false;
  }
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await deriveKey(password, Buffer.from(saltText, 'base64url'), Number(logNText), queueMax);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Parameters a stored hash was made with, so tests and audits can check the cost. */
export function hashParameters(stored: string): { N: number; r: number; p: number } {
  const [, logN, r, p] = stored.split('$');
  return { N: 2 ** Number(logN), r: Number(r), p: Number(p) };
}
