import { z } from 'zod';
import { idSchema } from './common.ts';
import { LIMITS } from './limits.ts';
import { nameSchema } from './visible-text.ts';
import type { MessageDto } from './messages.ts';
import type { PublicUser } from './users.ts';

export const CONVERSATION_TYPES = ['direct', 'group', 'global'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

export const MEMBER_ROLES = ['admin', 'moderator', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The public room every user belongs to, like Meeshy's "meeshy" conversation. */
export const GLOBAL_CONVERSATION_ID = 'global';

const titleSchema = nameSchema(LIMITS.conversationTitleMaxLength);
const descriptionSchema = z.string().trim().max(LIMITS.conversationDescriptionMaxLength);

export const createConversationBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct'), memberIds: z.array(idSchema).length(1) }),
  z.object({
    type: z.literal('group'),
    title: titleSchema,
    description: descriptionSchema.optional(),
    // The creator takes the last place.
    memberIds: z
      .array(idSchema)
      .min(1)
      .max(LIMITS.groupMaxMembers - 1),
  }),
]);
export type CreateConversationBody = z.infer<typeof createConversationBodySchema>;

export const updateConversationBodySchema = z
  .object({ title: titleSchema.optional(), description: descriptionSchema.optional() })
  .refine((body) => body.title !== undefined || body.description !== undefined, {
    message: 'nothing to update',
  });

export const addMembersBodySchema = z.object({
  userIds: z.array(idSchema).min(1).max(LIMITS.groupMaxMembers),
  role: z.enum(MEMBER_ROLES).default('member'),
});

export const updateMemberBodySchema = z.object({ role: z.enum(MEMBER_ROLES) });

export const conversationParamsSchema = z.object({ conversationId: idSchema });
export const memberParamsSchema = z.object({ conversationId: idSchema, userId: idSchema });

export interface ConversationMemberDto {
  user: PublicUser;
  role: MemberRole;
  joinedAt: string;
  /** Seq of the last message this member has read: read receipts survive a reload. */
  lastReadSeq: number;
}

export interface ConversationSummary {
  id: string;
  type: ConversationType;
  title: string | null;
  description: string | null;
  createdAt: string;
  lastMessageAt: string | null;
  myRole: MemberRole;
  memberCount: number;
  lastMessage: MessageDto | null;
  unreadCount: number;
  /**
   * The other person of a direct conversation (null otherwise): the list can name it and show its presence
   * without asking for every conversation's members.
   */
  peer: PublicUser | null;
}

export interface ConversationDetail extends ConversationSummary {
  members: ConversationMemberDto[];
}
