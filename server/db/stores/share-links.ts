import type { NewUser } from './users.ts';

// The share links of groups, and the joins made through them (contract/join.ts).

export interface ShareLinkRecord {
  id: string;
  conversationId: string;
  /** SHA-256 of the code; the code itself is never stored. */
  codeHash: string;
  hint: string;
  label: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  useCount: number;
  revokedAt: string | null;
}

/** A guest as the store creates them: an account nobody can sign in to, bound to one conversation. */
export type NewGuest = NewUser & { guestConversationId: string };

/**
 * What a join through a link did: 'joined' (one use taken), 'already-member' (nothing taken),
 * 'unusable' (revoked, expired or used up by the time it ran: nothing stored) or 'full' (the group has
 * no room: nothing stored).
 */
export type LinkJoinOutcome = 'joined' | 'already-member' | 'unusable' | 'full';

export interface ShareLinkStore {
  createShareLink(link: ShareLinkRecord): Promise<void>;
  /** Newest first. */
  listShareLinks(conversationId: string): Promise<ShareLinkRecord[]>;
  findShareLinkByHash(codeHash: string): Promise<ShareLinkRecord | undefined>;
  /** Returns false when the conversation has no such link, or it was already revoked. */
  revokeShareLink(conversationId: string, linkId: string, at: string): Promise<boolean>;
  /**
   * Joins the link's conversation as `userId`, creating the guest first when `guest` is given, in one
   * transaction: the link's use is taken only if it is still usable at `at` (not revoked, not expired,
   * not used up) and the member fits under `maxMembers`; otherwise nothing is stored.
   */
  joinByShareLink(
    linkId: string,
    member: { userId: string; guest: NewGuest | null },
    at: string,
    maxMembers: number,
  ): Promise<LinkJoinOutcome>;
}
