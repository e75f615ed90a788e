import type { AuthSession } from '../../contract/auth.ts';

interface GraceEntry {
  /** The pair the rotation produced, as a promise so a concurrent replay can wait for it. */
  pair: Promise<AuthSession>;
  /** Hash of the new refresh token: once it is itself rotated, the old one is no longer the previous one. */
  replacementHash: string;
  until: number;
}

/**
 * Refresh-token rotation on a flaky network: the client may never receive the new pair, or two tabs may
 * refresh at once, and the replay of a rotated token would end the whole sign-in. For a few seconds after
 * a rotation, the token it consumed (and only that one) gets the very pair the rotation produced again
 * (OAuth 2.0 Security BCP / FAPI 2 guidance). Kept in this process's memory: the plain new token is never
 * stored, and a replay reaching another server sharing the database falls back to reuse detection.
 */
export class RefreshGrace {
  private readonly entries = new Map<string, GraceEntry>();

  constructor(private readonly graceMs: number) {}

  remember(usedHash: string, replacementHash: string, pair: Promise<AuthSession>, now: number): void {
    this.forgetExpired(now);
    if (this.graceMs <= 0) return;
    this.entries.set(usedHash, { pair, replacementHash, until: now + this.graceMs });
    // A failed rotation has nothing to replay.
    pair.catch(() => this.entries.delete(usedHash));
  }

  /** The entry for a replayed token still within its grace, if any. */
  find(usedHash: string, now: number): GraceEntry | undefined {
    this.forgetExpired(now);
    return this.entries.get(usedHash);
  }

  private forgetExpired(now: number): void {
    for (const [hash, entry] of this.entries) if (entry.until <= now) this.entries.delete(hash);
  }
}
