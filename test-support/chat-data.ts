import type { ConversationSummary } from '../contract/conversations.ts';
import type { MessageDto } from '../contract/messages.ts';
import type { MessageTranslationDto } from '../contract/translations.ts';
import type { SelfUser } from '../contract/users.ts';

/** Builders shared by the cache's tests. */
export function message(conversationId: string, seq: number, extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id: `${conversationId}-m${String(seq)}`,
    conversationId,
    clientMessageId: `${conversationId}-c${String(seq)}`,
    sender: { id: 'u2', username: 'bruno', displayName: 'Bruno' },
    content: `message ${String(seq)}`,
    originalLanguage: 'en',
    replyToId: null,
    seq,
    version: seq,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    reactions: [],
    translations: [],
    attachments: [],
    ...extra,
  };
}

export function summary(
  id: string,
  minute: number,
  lastMessage: MessageDto | null = null,
): ConversationSummary {
  const at = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  return {
    id,
    type: 'group',
    title: `Conversation ${id}`,
    description: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastMessageAt: at,
    myRole: 'member',
    memberCount: 2,
    lastMessage,
    unreadCount: 0,
    unreadMentionCount: 0,
    peer: null,
  };
}

export function french(m: MessageDto, content: string): MessageTranslationDto {
  return {
    messageId: m.id,
    conversationId: m.conversationId,
    sourceLanguage: 'en',
    targetLanguage: 'fr',
    content,
    tier: 'medium',
    model: 'nllb',
    confidence: 0.9,
    createdAt: m.createdAt,
  };
}

/** The signed-in reader Ana, writing and reading `systemLanguage`, with Meeshy's default settings. */
export function selfUser(extra: Partial<SelfUser> = {}): SelfUser {
  return {
    id: 'u1',
    username: 'ana',
    displayName: 'Ana',
    email: 'ana@example.test',
    role: 'member',
    createdAt: '2026-01-01T00:00:00.000Z',
    isOnline: true,
    lastSeenAt: null,
    systemLanguage: 'en',
    regionalLanguage: null,
    customDestinationLanguage: null,
    autoTranslateEnabled: true,
    translateToSystemLanguage: true,
    translateToRegionalLanguage: false,
    useCustomDestination: false,
    readLanguages: [],
    ...extra,
  };
}
