import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthSession } from '../../contract/auth.ts';
import type { ConversationDetail } from '../../contract/conversations.ts';
import { mayChangeRoles, isManageable } from '../../contract/group-rules.ts';
import {
  joinUrl,
  SHARE_LINK_LIMITS,
  shareLinkState,
  type CreatedShareLink,
  type CreateShareLinkBody,
  type GuestJoinBody,
  type GuestSession,
  type JoinPreview,
  type ShareLinkDto,
} from '../../contract/join.ts';
import { LIMITS } from '../../contract/limits.ts';
import type { ChatRepository } from '../db/repository.ts';
import type { NewGuest, ShareLinkRecord } from '../db/stores/share-links.ts';
import { requireMember } from '../domain/access.ts';
import type { ConversationService } from '../domain/conversation-service.ts';
import type { RealtimePublisher, SessionEnder } from '../domain/realtime-publisher.ts';
import { endSignIn } from '../domain/sign-in-lifetime.ts';
import { AppError, forbidden } from '../errors.ts';
import { hashShareLinkCode, newShareLinkCode, shareLinkHint } from './share-link-code.ts';

export interface JoinServiceDeps {
  repository: ChatRepository;
  publisher: RealtimePublisher;
  sessions: SessionEnder;
  conversations: ConversationService;
  /** Starts the new guest's sign-in (AuthService.openSession). */
  openSession: (userId: string, sessionId: string, userAgent?: string) => Promise<AuthSession>;
  /** Wakes the translation orchestrator once jobs were queued (nothing to wake without a translator). */
  onTranslationQueued?: () => void;
  /** The address anyone reaches this server at (MEESHY_PUBLIC_URL), for the links it hands out. */
  publicUrl?: string;
}

/** How much of the history a new guest finds translated into their language: one page, as the client loads. */
const GUEST_CATCH_UP_MESSAGES = LIMITS.historyPageDefault;

const linkNotFound = () => new AppError(404, 'LINK_NOT_FOUND', 'This join link does not exist');

/** Each state a link refuses in, with the answer that names it. */
const REFUSALS = {
  revoked: () => new AppError(410, 'LINK_REVOKED', 'This join link was revoked by the group'),
  expired: () => new AppError(410, 'LINK_EXPIRED', 'This join link has expired'),
  exhausted: () => new AppError(410, 'LINK_EXHAUSTED', 'This join link has been used as often as it may'),
} as const;

/** A password hash no password matches (verifyPassword only accepts `scrypt$…`): guests cannot sign in. */
const NO_PASSWORD = '!guest';

function toDto(link: ShareLinkRecord, now: Date): ShareLinkDto {
  const { codeHash: _hash, ...shown } = link;
  return { ...shown, state: shareLinkState(link, now) };
}

/**
 * Share links (contract/join.ts): admins create, list and revoke them; anyone holding one sees the group's
 * name and size and joins, as a guest or with their account.
 */
export class JoinService {
  constructor(private readonly deps: JoinServiceDeps) {}

  async createLink(
    userId: string,
    conversationId: string,
    body: CreateShareLinkBody,
  ): Promise<CreatedShareLink> {
    await this.requireAdmin(userId, conversationId);
    const now = new Date();
    const open = (await this.deps.repository.listShareLinks(conversationId)).filter(
      (link) => shareLinkState(link, now) === 'active',
    );
    if (open.length >= SHARE_LINK_LIMITS.activePerConversation) {
      throw new AppError(
        409,
        'CONFLICT',
        `A group has at most ${SHARE_LINK_LIMITS.activePerConversation} open links; revoke one first`,
      );
    }
    const code = newShareLinkCode();
    const link: ShareLinkRecord = {
      id: randomUUID(),
      conversationId,
      codeHash: hashShareLinkCode(code),
      hint: shareLinkHint(code),
      label: body.label ?? null,
      createdBy: userId,
      createdAt: now.toISOString(),
      expiresAt:
        body.expiresInSeconds === undefined
          ? null
          : new Date(now.getTime() + body.expiresInSeconds * 1000).toISOString(),
      maxUses: body.maxUses ?? null,
      useCount: 0,
      revokedAt: null,
    };
    await this.deps.repository.createShareLink(link);
    const { publicUrl } = this.deps;
    return {
      link: toDto(link, now),
      code,
      webUrl: publicUrl === undefined ? null : joinUrl(publicUrl, code),
    };
  }

  async listLinks(userId: string, conversationId: string): Promise<ShareLinkDto[]> {
    await this.requireAdmin(userId, conversationId);
    const now = new Date();
    return (await this.deps.repository.listShareLinks(conversationId)).map((link) => toDto(link, now));
  }

  async revokeLink(userId: string, conversationId: string, linkId: string): Promise<void> {
    await this.requireAdmin(userId, conversationId);
    const revoked = await this.deps.repository.revokeShareLink(
      conversationId,
      linkId,
      new Date().toISOString(),
    );
    if (!revoked) throw linkNotFound();
  }

  async preview(code: string): Promise<JoinPreview> {
    const link = await this.usableLink(code);
    const conversation = await this.deps.repository.findConversation(link.conversationId);
    if (!conversation) throw linkNotFound();
    const members = await this.deps.repository.listMembers(link.conversationId);
    return { title: conversation.title ?? '', memberCount: members.length };
  }

  async joinAsGuest(code: string, body: GuestJoinBody, userAgent?: string): Promise<GuestSession> {
    const link = await this.usableLink(code);
    const now = new Date().toISOString();
    const id = randomUUID();
    const guest: NewGuest = {
      id,
      // Usernames are unique and shown nowhere for a guest; the display name is what people see.
      username: `guest-${randomBytes(8).toString('hex')}`,
      email: `${id}@guest.invalid`,
      displayName: body.displayName,
      passwordHash: NO_PASSWORD,
      // The one language the guest reads and writes: their messages' source, and a target of everyone else's.
      systemLanguage: body.language,
      regionalLanguage: null,
      customDestinationLanguage: null,
      autoTranslateEnabled: true,
      translateToSystemLanguage: true,
      translateToRegionalLanguage: false,
      useCustomDestination: false,
      readLanguages: [],
      createdAt: now,
      guestConversationId: link.conversationId,
    };
    await this.join(link, { userId: id, guest }, now);
    await this.translateRecentFor(link.conversationId, body.language);
    const session = await this.deps.openSession(id, randomUUID(), userAgent);
    return { ...session, conversationId: link.conversationId };
  }

  async joinWithAccount(userId: string, code: string): Promise<ConversationDetail> {
    const link = await this.usableLink(code);
    await this.join(link, { userId, guest: null }, new Date().toISOString());
    return this.deps.conversations.get(userId, link.conversationId);
  }

  /**
   * After a guest leaves or is removed, every sign-in of theirs ends: their token stops at the next
   * request and their sockets are told and closed now (a guest has no other conversation to stay for).
   */
  async endGuestAfterDeparture(conversationId: string, userId: string): Promise<void> {
    const { repository, sessions } = this.deps;
    const user = await repository.findUserById(userId);
    if (user?.guestConversationId !== conversationId) return;
    const now = new Date();
    for (const session of await repository.openSessionsOf(userId)) {
      await endSignIn({ repository, sessions }, session.id, now, 'revoked');
    }
  }

  /**
   * Messages are translated for the languages of the members they were sent to: a guest arriving with a
   * new language would read the latest page in languages they may not read. It is queued for them.
   */
  private async translateRecentFor(conversationId: string, language: string): Promise<void> {
    const { repository } = this.deps;
    const recent = await repository.listMessages(conversationId, undefined, GUEST_CATCH_UP_MESSAGES);
    const now = new Date().toISOString();
    let queued = false;
    for (const message of recent) {
      if (message.deletedAt !== null || message.originalLanguage === language) continue;
      if (message.translations.some((translation) => translation.targetLanguage === language)) continue;
      await repository.enqueueTranslation(message.id, language, null, now);
      queued = true;
    }
    if (queued) this.deps.onTranslationQueued?.();
  }

  private async join(
    link: ShareLinkRecord,
    member: { userId: string; guest: NewGuest | null },
    at: string,
  ): Promise<void> {
    const { repository, publisher, conversations } = this.deps;
    const outcome = await repository.joinByShareLink(link.id, member, at, LIMITS.groupMaxMembers);
    if (outcome === 'already-member') return;
    if (outcome === 'full') {
      throw new AppError(409, 'GROUP_FULL', `A group has at most ${LIMITS.groupMaxMembers} members`);
    }
    if (outcome === 'unusable') {
      // Something changed since it was read (revoked, expired, or the last use taken meanwhile).
      const now = await repository.findShareLinkByHash(link.codeHash);
      const state = now ? shareLinkState(now, new Date()) : 'revoked';
      throw REFUSALS[state === 'active' ? 'exhausted' : state]();
    }
    const { conversationId } = link;
    publisher.subscribeUser(member.userId, conversationId);
    if (member.guest === null) {
      publisher.toUser(
        member.userId,
        'conversation:new',
        await conversations.summaryFor(conversationId, member.userId),
      );
    }
    publisher.toConversation(conversationId, 'conversation:updated', { conversationId });
  }

  /** The link a code names, if it can still be used; the answer says why not otherwise. */
  private async usableLink(code: string): Promise<ShareLinkRecord> {
    const link = await this.deps.repository.findShareLinkByHash(hashShareLinkCode(code));
    if (!link) throw linkNotFound();
    const state = shareLinkState(link, new Date());
    if (state !== 'active') throw REFUSALS[state]();
    return link;
  }

  private async requireAdmin(userId: string, conversationId: string): Promise<void> {
    const { conversation, member } = await requireMember(this.deps.repository, conversationId, userId);
    if (!isManageable(conversation.type)) {
      throw new AppError(400, 'BAD_REQUEST', 'Only groups can be joined by link');
    }
    if (!mayChangeRoles(member.role)) throw forbidden("Only the group's admins manage its join links");
  }
}
