import { createHash, randomBytes } from 'node:crypto';
import { SHARE_LINK_PREFIX } from '../../contract/join.ts';

/** A new link code: the prefix and 32 random bytes (256 bits), base64url. */
export function newShareLinkCode(): string {
  return SHARE_LINK_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored and looked up instead of the code. A lookup by this hash tells a timing observer
 * nothing about any stored code, which comparing codes themselves character by character could.
 */
export function hashShareLinkCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The code's first characters after the prefix: tells links apart in a list, useless to join. */
export function shareLinkHint(code: string): string {
  return code.slice(SHARE_LINK_PREFIX.length, SHARE_LINK_PREFIX.length + 4);
}
