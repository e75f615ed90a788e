import { createHash, randomBytes } from 'node:crypto';

/** An opaque, unguessable refresh token (256 bits). Only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
