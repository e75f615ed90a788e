import { z } from 'zod';
import type { AuthSession } from './auth.ts';
import { idSchema } from './common.ts';
import { languageCodeSchema } from './languages.ts';
import { displayNameSchema } from './users.ts';
import { nameSchema } from './visible-text.ts';

/**
 * Share links (Meeshy's "join" links) and the guests who join through them without an account.
 *
 * A link's code is `mshy_` followed by 43 base64url characters (32 random bytes, 256 bits): it cannot be
 * guessed, and the server keeps only its SHA-256, so the full link is shown once, when it is created.
 */
export const SHARE_LINK_PREFIX = 'mshy_';
export const shareLinkCodeSchema = z.string().regex(/^mshy_[A-Za-z0-9_-]{43}$/, 'is not a join link');

export const SHARE_LINK_LIMITS = {
  labelMaxLength: 60,
  /** A link lives at most a year: a forgotten link does not stay open for ever. */
  maxLifetimeSeconds: 365 * 24 * 3600,
  maxUses: 10_000,
  /** Links open at once per group (revoked and expired ones do not count). */
  activePerConversation: 20,
} as const;

export const createShareLinkBodySchema = z.object({
  label: nameSchema(SHARE_LINK_LIMITS.labelMaxLength).optional(),
  /** Seconds from now until the link stops working; none for a link that works until revoked. */
  expiresInSeconds: z.number().int().min(60).max(SHARE_LINK_LIMITS.maxLifetimeSeconds).optional(),
  /** How many people may join through it; none for no limit. */
  maxUses: z.number().int().min(1).max(SHARE_LINK_LIMITS.maxUses).optional(),
});
export type CreateShareLinkBody = z.infer<typeof createShareLinkBodySchema>;

export const shareLinkParamsSchema = z.object({ conversationId: idSchema, linkId: idSchema });
export const joinCodeParamsSchema = z.object({ code: shareLinkCodeSchema });

/** A guest picks how they are shown and the one language they read and write. */
export const guestJoinBodySchema = z.object({
  displayName: displayNameSchema,
  language: languageCodeSchema,
});
export type GuestJoinBody = z.infer<typeof guestJoinBodySchema>;

export type ShareLinkState = 'active' | 'expired' | 'exhausted' | 'revoked';

export interface ShareLinkDto {
  id: string;
  conversationId: string;
  label: string | null;
  /** The code's first characters after the prefix: enough for an admin to tell links apart, useless to join. */
  hint: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  useCount: number;
  revokedAt: string | null;
  state: ShareLinkState;
}

/** The only time the code itself leaves the server. */
export interface CreatedShareLink {
  link: ShareLinkDto;
  code: string;
  /**
   * The link's web address on the server's public URL (MEESHY_PUBLIC_URL), which anyone can open; null when
   * the server was given none (a desktop app's local server, which only its own machine can reach).
   */
  webUrl: string | null;
}

/** What anybody holding the link sees before joining: the group's name and size, nothing else. */
export interface JoinPreview {
  title: string;
  memberCount: number;
}

export interface GuestSession extends AuthSession {
  /** The one conversation this guest belongs to. */
  conversationId: string;
}

/** The web path of a join link (`/join/<code>`) and the desktop one (`meeshy://join/<code>`) share this. */
export function joinPath(code: string): string {
  return `/join/${code}`;
}

/** The full web address of a join link on a server's address (which may carry a path prefix). */
export function joinUrl(serverBaseUrl: string, code: string): string {
  return `${serverBaseUrl.replace(/\/$/, '')}${joinPath(code)}`;
}

/** The state of a link at `now`, in the order the server refuses: revoked, then expired, then used up. */
export function shareLinkState(
  link: Pick<ShareLinkDto, 'revokedAt' | 'expiresAt' | 'maxUses' | 'useCount'>,
  now: Date,
): ShareLinkState {
  if (link.revokedAt !== null) return 'revoked';
  if (link.expiresAt !== null && new Date(link.expiresAt).getTime() <= now.getTime()) return 'expired';
  if (link.maxUses !== null && link.useCount >= link.maxUses) return 'exhausted';
  return 'active';
}

/**
 * The routes a guest's token may call: their own conversation's reading and writing (and asking for a
 * message of it in another language), their profile, and leaving. Every other route (other conversations, creating groups, models, searching people…)
 * answers 403 to a guest, and a route that names a conversation must name the guest's own.
 * New routes are closed to guests until they are added here.
 */
export const GUEST_ROUTE_NAMES = [
  'me',
  'logout',
  'refresh',
  'conversations',
  'conversation',
  'leaveConversation',
  'history',
  'sendMessage',
  'editMessage',
  'deleteMessage',
  'addReaction',
  'removeReaction',
  'markRead',
  'sync',
  'languages',
  'translate',
  // Files of their conversation: the upload names it (checked like the others), a file's bytes are
  // served to members only.
  'uploadAttachment',
  'attachmentFile',
  'attachmentThumbnail',
  // Searching reaches only the conversations one belongs to: for a guest, theirs.
  'searchMessages',
] as const;
