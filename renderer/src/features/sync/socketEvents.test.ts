import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSummary } from '../../../../contract/conversations.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import type { SelfUser } from '../../../../contract/users.ts';
import type { MeeshySocket } from '../../lib/realtime/socket.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import { useTranslations } from '../translation/translationStore.ts';
import { bindSocketEvents } from './socketEvents.ts';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client to deliver server events to the handlers. */
function fakeSocket() {
  const handlers = new Map<string, Handler>();
  const emitted: string[] = [];
  const socket = {
    on: (event: string, handler: Handler) => handlers.set(event, handler),
    emit: (event: string) => emitted.push(event),
    removeAllListeners: () => {
      handlers.clear();
    },
  };
  const deliver = (event: string, payload: unknown) => {
    handlers.get(event)?.(payload);
  };
  return { socket: socket as unknown as MeeshySocket, deliver, emitted };
}

const self = { id: 'me', systemLanguage: 'fr' } as SelfUser;

function summaryWithMessage(): ConversationSummary {
  const message = {
    id: 'm1',
    conversationId: 'c9',
    version: 3,
    editedAt: null,
    deletedAt: null,
    originalLanguage: 'en',
    sender: { id: 'ann' },
    translations: [
      {
        messageId: 'm1',
        conversationId: 'c9',
        sourceLanguage: 'en',
        targetLanguage: 'fr',
        content: 'bonjour',
        tier: 'medium',
        model: 'fixture',
        confidence: 0.9,
        createdAt: '2026-01-01T00:00:00Z',
      },
    ],
  } as unknown as MessageDto;
  return {
    id: 'c9',
    type: 'group',
    title: 'Trip',
    description: null,
    createdAt: '2026-01-01T00:00:00Z',
    lastMessageAt: '2026-01-01T00:00:00Z',
    myRole: 'member',
    memberCount: 3,
    lastMessage: message,
    unreadCount: 1,
    unreadMentionCount: 0,
    peer: null,
  };
}

afterEach(() => {
  useConversations.getState().reset();
  useTranslations.getState().clear();
});

describe('socket events', () => {
  it('a conversation one is added to joins the list with its preview in the reader’s language, at no extra request', () => {
    const { socket, deliver, emitted } = fakeSocket();
    const reloadConversation = vi.fn();
    bindSocketEvents(socket, () => self, reloadConversation);
    deliver('conversation:new', summaryWithMessage());
    expect(useConversations.getState().list.map((c) => c.id)).toEqual(['c9']);
    expect(useTranslations.getState().entries['m1']?.['fr']).toMatchObject({
      status: 'translated',
      content: 'bonjour',
    });
    expect(emitted).toEqual(['conversation:join']);
    expect(reloadConversation).not.toHaveBeenCalled();
  });

  it('a rename or membership change reloads that one conversation only', () => {
    const { socket, deliver } = fakeSocket();
    const reloadConversation = vi.fn();
    bindSocketEvents(socket, () => self, reloadConversation);
    deliver('conversation:updated', { conversationId: 'c9' });
    expect(reloadConversation).toHaveBeenCalledExactlyOnceWith('c9');
  });
});
