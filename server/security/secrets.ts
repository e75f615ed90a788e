import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface ServerSecrets {
  jwtSecret: string;
}

const secretsFileSchema = z.object({ jwtSecret: z.string() });

/** Secrets that ship in examples and tutorials: a server signing with one of them is open to anyone. */
const WELL_KNOWN_SECRETS = new Set([
  'secret',
  'changeme',
  'change-me',
  'jwt-secret',
  'your-secret-key',
  'meeshy',
]);
const MIN_SECRET_LENGTH = 32;

export class WeakSecretError extends Error {}

/**
 * Refuses an empty, short or well-known signing secret, except in development where convenience wins.
 * HS256 needs at least 256 bits of key; 32 characters is the floor we accept from an operator.
 */
export function assertStrongSecret(secret: string, environment: string): void {
  if (environment === 'development') return;
  const trimmed = secret.trim();
  if (trimmed.length === 0) throw new WeakSecretError('The JWT signing secret is empty.');
  if (WELL_KNOWN_SECRETS.has(trimmed.toLowerCase()) || trimmed.length < MIN_SECRET_LENGTH) {
    throw new WeakSecretError(
      `The JWT signing secret is a default or shorter than ${MIN_SECRET_LENGTH} characters; ` +
        'unset MEESHY_JWT_SECRET to have one generated, or provide a long random one.',
    );
  }
}

/**
 * Local mode needs no configuration: the first start writes random secrets into the data folder
 * (readable by the owner only) and later starts reuse them, so sessions survive a restart.
 */
export function loadOrCreateSecrets(dataDir: string): ServerSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const parsed = secretsFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new WeakSecretError(`${file} is not a valid secrets file`);
    return parsed.data;
  }
  const secrets: ServerSecrets = { jwtSecret: randomBytes(48).toString('base64url') };
  fs.mkdirSync(dataDir, { recursive: true });
  // Written under a temporary name and renamed, so a crash never leaves a half-written secrets file.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(temporary, file);
  return secrets;
}
